import Foundation

/// A line plot of training curves (e.g. loss or mIoU against iteration) with axes,
/// "nice" tick values, axis labels, a title and a legend right of the plot (outside the
/// data), drawn with libgd. A series may carry a band (e.g. mean ± one standard
/// deviation over seeds), drawn as a light area under its line.
public struct LinePlot {
    /// One curve: points in data units, drawn in `color`, and optionally a band of
    /// (x, low, high) in data units.
    public struct Series {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: Color
        public var band: [(x: Double, low: Double, high: Double)]

        public init(name: String, points: [(x: Double, y: Double)], color: Color,
                    band: [(x: Double, low: Double, high: Double)] = []) {
            self.name = name
            self.points = points
            self.color = color
            self.band = band
        }
    }

    /// A horizontal reference line (e.g. a constant predictor's error), dashed.
    public struct Reference {
        public var name: String
        public var y: Double
        public var color: Color

        public init(name: String, y: Double, color: Color = .grey) {
            self.name = name
            self.y = y
            self.color = color
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Horizontal reference lines, drawn dashed across the plot and named in the legend.
    public var references: [Reference] = []
    /// When true the x axis is logarithmic (base 2; positive x only) and its ticks are the
    /// points' own x values, e.g. a scale ladder's 500, 1000 and 2000 steps evenly spaced.
    public var logarithmicX = false
    /// Canvas size, pixels.
    public var width: Int
    public var height: Int

    public init(title: String, xLabel: String, yLabel: String, series: [Series], width: Int = 640, height: Int = 400) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.width = width
        self.height = height
    }

    /// Distinct colours for series, in order.
    public static let seriesColors: [Color] = [
        Color(31, 119, 180), Color(255, 127, 14), Color(44, 160, 44), Color(214, 39, 40),
        Color(148, 103, 189), Color(140, 86, 75), Color(227, 119, 194), Color(127, 127, 127),
        Color(188, 189, 34), Color(23, 190, 207), Color(0, 0, 128), Color(0, 0, 0),
    ]

    /// Width of the legend column right of the plot, pixels.
    var legendWidth: Int {
        24 + ((series.map(\.name) + references.map(\.name)).map { Font.small.width(of: $0) }.max() ?? 0)
    }

    /// The plotting area in pixels: left, top, right, bottom (the legend is right of it).
    var plotArea: (left: Int, top: Int, right: Int, bottom: Int) {
        (70, 36, width - 30 - legendWidth, height - 50)
    }

    /// Tick values covering [lo, hi]: multiples of 1, 2 or 5 times a power of ten,
    /// about `count` of them.
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 6) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        let raw = (hi - lo) / Double(max(1, count - 1))
        let power = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        var out: [Double] = []
        var v = ceil(lo / step) * step
        while v <= hi + step * 1e-9 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }

    /// The horizontal plotting coordinate of a data x: x itself, or log2(x) on a
    /// logarithmic axis.
    func xCoordinate(_ x: Double) -> Double { logarithmicX ? log2(x) : x }

    /// Whether a data x can be drawn: finite, and positive on a logarithmic axis.
    func isPlottable(_ x: Double) -> Bool { x.isFinite && (!logarithmicX || x > 0) }

    /// The data range shown (x in plotting coordinates): all finite points, padded when flat.
    var ranges: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let points = series.flatMap(\.points).filter { isPlottable($0.x) && $0.y.isFinite }
            .map { (x: xCoordinate($0.x), y: $0.y) }
        let bands = series.flatMap(\.band).flatMap { [$0.low, $0.high] }.filter(\.isFinite)
        let ys = points.map(\.y) + bands + references.map(\.y).filter(\.isFinite)
        guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
              let minY = ys.min(), let maxY = ys.max() else { return (0...1, 0...1) }
        let x = minX < maxX ? minX...maxX : (minX - 1)...(maxX + 1)
        let padY = maxY > minY ? 0.05 * (maxY - minY) : max(abs(maxY) * 0.1, 1)
        return (x, (minY - padY)...(maxY + padY))
    }

    /// The pixel row of a data y.
    func yPixel(_ y: Double) -> Int { yPixel(y, area: plotArea, yRange: ranges.y) }

    private func yPixel(_ y: Double, area: (left: Int, top: Int, right: Int, bottom: Int), yRange: ClosedRange<Double>) -> Int {
        let py = Double(area.bottom)
            - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * Double(area.bottom - area.top)
        return Int(py.rounded())
    }

    /// The pixel of a data point.
    func pixel(_ x: Double, _ y: Double) -> (x: Int, y: Int) {
        let area = plotArea, r = ranges
        let px = Double(area.left) + (xCoordinate(x) - r.x.lowerBound) / (r.x.upperBound - r.x.lowerBound) * Double(area.right - area.left)
        return (Int(px.rounded()), yPixel(y, area: area, yRange: r.y))
    }

    /// A tick's text, with as many decimals as the tick spacing needs (0.6145 and 0.615
    /// stay distinct).
    static func label(_ v: Double, ticks: [Double] = []) -> String {
        if v == 0 { return "0" }
        if abs(v) >= 1_000_000 || abs(v) < 0.0001 { return String(format: "%.1e", v) }
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : 0
        if step > 0 {
            let decimals = max(0, Int(ceil(-log10(step) - 1e-9)))
            return String(format: "%.\(decimals)f", v)
        }
        if v == v.rounded() { return String(Int(v)) }
        return String(format: "%g", (v * 1000).rounded() / 1000)
    }

    /// Draws the plot.
    public func render() throws -> Canvas {
        guard series.contains(where: { !$0.points.isEmpty }) else { throw FigureError.invalidInput("no points to plot") }
        let canvas = Canvas(width: width, height: height)
        let area = plotArea, r = ranges
        canvas.text(title, x: (width - Font.large.width(of: title)) / 2, y: 8, font: .large)
        // Grid lines and tick labels.
        let yTicks = Self.ticks(r.y.lowerBound, r.y.upperBound)
        for t in yTicks {
            let y = yPixel(t)
            canvas.line(from: (area.left, y), to: (area.right, y), color: .lightGrey)
            let text = Self.label(t, ticks: yTicks)
            canvas.text(text, x: area.left - 6 - Font.small.width(of: text), y: y - Font.small.characterHeight / 2)
        }
        // A logarithmic axis is ticked at the points' own x values; a linear one at round numbers.
        let xTicks = logarithmicX
            ? Array(Set(series.flatMap(\.points).map(\.x).filter(isPlottable))).sorted()
            : Self.ticks(r.x.lowerBound, r.x.upperBound)
        for t in xTicks {
            let p = pixel(t, r.y.lowerBound)
            canvas.line(from: (p.x, area.top), to: (p.x, area.bottom), color: .lightGrey)
            let text = logarithmicX ? Self.label(t) : Self.label(t, ticks: xTicks)
            canvas.text(text, x: p.x - Font.small.width(of: text) / 2, y: area.bottom + 6)
        }
        canvas.outline(x: area.left, y: area.top, width: area.right - area.left + 1,
                       height: area.bottom - area.top + 1, color: .black)
        canvas.text(xLabel, x: (area.left + area.right - Font.mediumBold.width(of: xLabel)) / 2,
                    y: height - Font.mediumBold.characterHeight - 8, font: .mediumBold)
        canvas.text(yLabel, x: 8, y: (area.top + area.bottom + Font.mediumBold.width(of: yLabel)) / 2,
                    font: .mediumBold, vertical: true)
        // Bands under the curves: a light tint of the series colour, one vertical line per
        // pixel column between consecutive band points.
        for s in series {
            let band = s.band.filter { isPlottable($0.x) && $0.low.isFinite && $0.high.isFinite }.sorted { $0.x < $1.x }
            let tint = Color(UInt8((Int(s.color.r) + 3 * 255) / 4), UInt8((Int(s.color.g) + 3 * 255) / 4),
                             UInt8((Int(s.color.b) + 3 * 255) / 4))
            for (a, b) in zip(band, band.dropFirst()) {
                let x0 = pixel(a.x, a.low).x, x1 = pixel(b.x, b.low).x
                guard x1 > x0 else { continue }
                for x in x0...x1 {
                    let t = Double(x - x0) / Double(x1 - x0)
                    let low = a.low + t * (b.low - a.low), high = a.high + t * (b.high - a.high)
                    canvas.line(from: (x, pixel(a.x, low).y), to: (x, pixel(a.x, high).y), color: tint)
                }
            }
        }
        // Curves.
        for s in series {
            let points = s.points.filter { isPlottable($0.x) && $0.y.isFinite }
            if points.count == 1 {
                let p = pixel(points[0].x, points[0].y)
                canvas.fill(x: p.x - 2, y: p.y - 2, width: 5, height: 5, color: s.color)
            }
            for (a, b) in zip(points, points.dropFirst()) {
                canvas.line(from: pixel(a.x, a.y), to: pixel(b.x, b.y), color: s.color, thickness: 2)
            }
        }
        for ref in references where ref.y.isFinite {
            let y = yPixel(ref.y)
            canvas.dashedLine(from: (area.left, y), to: (area.right, y), color: ref.color, thickness: 2)
        }
        // Legend, right of the plot: never over the data.
        let legendLeft = area.right + 14
        for (i, s) in series.enumerated() {
            let x = legendLeft, y = area.top + 2 + i * 14
            if !s.band.isEmpty {
                let tint = Color(UInt8((Int(s.color.r) + 3 * 255) / 4), UInt8((Int(s.color.g) + 3 * 255) / 4),
                                 UInt8((Int(s.color.b) + 3 * 255) / 4))
                canvas.fill(x: x, y: y + 1, width: 16, height: 11, color: tint)
            }
            canvas.fill(x: x, y: y + 5, width: 16, height: 3, color: s.color)
            canvas.text(s.name, x: x + 20, y: y)
        }
        for (k, ref) in references.enumerated() {
            let x = legendLeft, y = area.top + 2 + (series.count + k) * 14
            canvas.dashedLine(from: (x, y + 6), to: (x + 16, y + 6), color: ref.color, thickness: 2, dash: 4, gap: 3)
            canvas.text(ref.name, x: x + 20, y: y)
        }
        return canvas
    }
}
