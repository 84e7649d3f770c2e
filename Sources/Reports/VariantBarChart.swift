import Foundation

/// Mean IoU by variant as bars from zero, each with its 95% confidence interval as a
/// whisker and every seed as a dot; variants left to right in the order given (the
/// paper's), one bar per labelled-subset size within a variant. Drawn with libgd.
public struct VariantBarChart {
    /// One bar: a variant at one subset size.
    public struct Bar {
        public var variant: String
        /// Index into `seriesNames` (the subset size), for the colour.
        public var series: Int
        /// One value per seed (percent).
        public var values: [Double]

        public init(variant: String, series: Int, values: [Double]) {
            self.variant = variant
            self.series = series
            self.values = values
        }

        public var comparison: PairedComparison { PairedComparison(differences: values) }
    }

    public var title: String
    public var yLabel: String
    /// Names of the bar colours (e.g. "100 labels").
    public var seriesNames: [String]
    public var bars: [Bar]
    public var height = 420

    public init(title: String, yLabel: String, seriesNames: [String], bars: [Bar]) {
        self.title = title
        self.yLabel = yLabel
        self.seriesNames = seriesNames
        self.bars = bars
    }

    /// Variants in first-appearance order.
    var variants: [String] {
        var seen: [String] = []
        for b in bars where !seen.contains(b.variant) { seen.append(b.variant) }
        return seen
    }

    static let barWidth = 28
    static let left = 70, right = 20, top = 44, bottom = 60

    var groupWidth: Int {
        let labels = variants.map { Font.small.width(of: $0) }.max() ?? 0
        return max(labels + 16, seriesNames.count * (Self.barWidth + 6) + 24)
    }

    var width: Int {
        max(Self.left + Self.right + variants.count * groupWidth, Font.large.width(of: title) + 40, 360)
    }

    /// The top of the y axis: above every whisker and dot.
    var yMax: Double {
        let tops = bars.flatMap { b in b.values + [b.comparison.interval?.upperBound ?? b.comparison.mean] }
        let m = tops.filter(\.isFinite).max() ?? 1
        return max(1, m * 1.08)
    }

    /// The pixel row of a value.
    func y(_ value: Double) -> Int {
        let bottom = height - Self.bottom
        return bottom - Int((value / yMax * Double(bottom - Self.top)).rounded())
    }

    /// The pixel column of a bar's centre.
    func x(of bar: Bar) -> Int {
        let g = variants.firstIndex(of: bar.variant)!
        let n = seriesNames.count
        let slot = Self.barWidth + 6
        let groupLeft = Self.left + g * groupWidth + (groupWidth - n * slot) / 2
        return groupLeft + bar.series * slot + slot / 2
    }

    public func render() throws -> Canvas {
        guard !bars.isEmpty else { throw FigureError.invalidInput("no bars to draw") }
        let canvas = Canvas(width: width, height: height)
        let plotRight = width - Self.right, plotBottom = height - Self.bottom
        canvas.text(title, x: (width - Font.large.width(of: title)) / 2, y: 8, font: .large)
        let ticks = LinePlot.ticks(0, yMax)
        for t in ticks {
            let py = y(t)
            canvas.line(from: (Self.left, py), to: (plotRight, py), color: .lightGrey)
            let text = LinePlot.label(t, ticks: ticks)
            canvas.text(text, x: Self.left - 6 - Font.small.width(of: text), y: py - Font.small.characterHeight / 2)
        }
        canvas.text(yLabel, x: 8, y: (Self.top + plotBottom + Font.mediumBold.width(of: yLabel)) / 2,
                    font: .mediumBold, vertical: true)
        for bar in bars {
            let color = LinePlot.seriesColors[bar.series % LinePlot.seriesColors.count]
            let cx = x(of: bar), c = bar.comparison
            guard c.mean.isFinite else { continue }
            let light = Color(UInt8((Int(color.r) + 2 * 255) / 3), UInt8((Int(color.g) + 2 * 255) / 3),
                              UInt8((Int(color.b) + 2 * 255) / 3))
            canvas.fill(x: cx - Self.barWidth / 2, y: y(c.mean), width: Self.barWidth, height: plotBottom - y(c.mean),
                        color: light)
            canvas.outline(x: cx - Self.barWidth / 2, y: y(c.mean), width: Self.barWidth,
                           height: plotBottom - y(c.mean) + 1, color: color)
            if let interval = c.interval {
                let lo = y(max(0, interval.lowerBound)), hi = y(interval.upperBound)
                canvas.line(from: (cx, lo), to: (cx, hi), color: .black, thickness: 2)
                canvas.line(from: (cx - 6, lo), to: (cx + 6, lo), color: .black, thickness: 2)
                canvas.line(from: (cx - 6, hi), to: (cx + 6, hi), color: .black, thickness: 2)
            }
            // Seeds as dots, spread sideways so equal values stay visible.
            for (k, v) in bar.values.enumerated() where v.isFinite {
                let offset = bar.values.count == 1 ? 0 : (k * 12 / (bar.values.count - 1)) - 6
                canvas.disc(x: cx + offset, y: y(v), diameter: 6, color: color)
                canvas.disc(x: cx + offset, y: y(v), diameter: 3, color: .white)
            }
            let n = "n=\(c.count)"
            canvas.text(n, x: cx - Font.tiny.width(of: n) / 2, y: plotBottom + 4, font: .tiny)
        }
        canvas.line(from: (Self.left, plotBottom), to: (plotRight, plotBottom), color: .black)
        canvas.line(from: (Self.left, Self.top), to: (Self.left, plotBottom), color: .black)
        for (g, variant) in variants.enumerated() {
            let cx = Self.left + g * groupWidth + groupWidth / 2
            canvas.text(variant, x: cx - Font.small.width(of: variant) / 2, y: plotBottom + 16)
        }
        // Legend: sizes, then what the marks mean.
        var lx = Self.left
        let ly = height - 22
        for (i, name) in seriesNames.enumerated() {
            let color = LinePlot.seriesColors[i % LinePlot.seriesColors.count]
            canvas.fill(x: lx, y: ly + 2, width: 12, height: 9, color: color)
            canvas.text(name, x: lx + 16, y: ly)
            lx += 16 + Font.small.width(of: name) + 14
        }
        let key = "bar: mean, whisker: 95% CI (t), dots: seeds"
        canvas.text(key, x: max(lx, plotRight - Font.small.width(of: key)), y: ly, color: .grey)
        return canvas
    }
}
