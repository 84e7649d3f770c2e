import Foundation

/// The paper's claims as a forest plot: one row per claim (and subset size), our mean
/// paired difference (square) with its 95% interval (line), the published effect of the
/// same comparison (hollow diamond), and a vertical line at zero; the verdict is
/// written at the right. Units are mIoU points. Drawn with libgd.
public struct ForestPlot {
    /// One row.
    public struct Row {
        public var label: String
        public var mean: Double?
        public var interval: ClosedRange<Double>?
        public var published: Double?
        /// Written at the right, e.g. "inconclusive".
        public var verdict: String

        public init(label: String, mean: Double?, interval: ClosedRange<Double>?, published: Double?, verdict: String) {
            self.label = label
            self.mean = mean
            self.interval = interval
            self.published = published
            self.verdict = verdict
        }
    }

    public var title: String
    public var rows: [Row]
    /// The published marker's legend name, e.g. "published (IJCV, transcribed)".
    public var publishedLabel: String
    public var plotWidth = 420

    public init(title: String, rows: [Row], publishedLabel: String) {
        self.title = title
        self.rows = rows
        self.publishedLabel = publishedLabel
    }

    static let rowHeight = 26, top = 58, bottom = 46

    /// Rows of the findings, in their order.
    public init(findings: [PaperClaims.Finding], publishedLabel: String) {
        self.init(title: "Claims: paired mIoU difference (points), ours with 95% CI",
                  rows: findings.map { f in
                      Row(label: f.statement + " (" + (f.subsetSize.map { "\($0)" } ?? "all") + ")",
                          mean: f.notComparable == nil ? f.comparison.mean : nil,
                          interval: f.notComparable == nil ? f.comparison.interval : nil,
                          published: f.published?.mean,
                          verdict: f.notComparable == nil ? f.verdictText : "not comparable")
                  },
                  publishedLabel: publishedLabel)
    }

    var labelWidth: Int { (rows.map { Font.small.width(of: $0.label) }.max() ?? 0) + 16 }
    var verdictWidth: Int { (rows.map { Font.small.width(of: $0.verdict) }.max() ?? 0) + 20 }
    var width: Int { max(labelWidth + plotWidth + verdictWidth + 20, Font.large.width(of: title) + 40) }
    var height: Int { Self.top + rows.count * Self.rowHeight + Self.bottom }

    /// The x range shown: every interval, mean and published effect, and zero.
    var range: ClosedRange<Double> {
        var values = [0.0]
        for r in rows {
            values += [r.mean, r.interval?.lowerBound, r.interval?.upperBound, r.published].compactMap { $0 }
        }
        let finite = values.filter(\.isFinite)
        let lo = finite.min()!, hi = finite.max()!
        let pad = max(0.5, 0.06 * (hi - lo))
        return (lo - pad)...(hi + pad)
    }

    func x(_ value: Double) -> Int {
        let r = range, left = Double(labelWidth)
        return Int((left + (value - r.lowerBound) / (r.upperBound - r.lowerBound) * Double(plotWidth)).rounded())
    }

    public func render() throws -> Canvas {
        guard !rows.isEmpty else { throw FigureError.invalidInput("no claims to plot") }
        let canvas = Canvas(width: width, height: height)
        canvas.text(title, x: (width - Font.large.width(of: title)) / 2, y: 8, font: .large)
        // Legend.
        let ours = "ours: mean and 95% CI"
        var lx = labelWidth
        canvas.fill(x: lx, y: 34, width: 8, height: 8, color: .black)
        canvas.line(from: (lx - 6, 38), to: (lx + 14, 38), color: .black)
        canvas.text(ours, x: lx + 20, y: 32)
        lx += 20 + Font.small.width(of: ours) + 24
        let orange = LinePlot.seriesColors[1]
        Self.diamond(canvas, x: lx + 4, y: 38, color: orange)
        canvas.text(publishedLabel, x: lx + 14, y: 32)
        let plotTop = Self.top, plotBottom = Self.top + rows.count * Self.rowHeight
        let ticks = LinePlot.ticks(range.lowerBound, range.upperBound)
        for t in ticks {
            let px = x(t)
            canvas.line(from: (px, plotTop), to: (px, plotBottom), color: .lightGrey)
            let text = LinePlot.label(t, ticks: ticks)
            canvas.text(text, x: px - Font.small.width(of: text) / 2, y: plotBottom + 4)
        }
        let axis = "mIoU points (better - worse)"
        canvas.text(axis, x: labelWidth + (plotWidth - Font.mediumBold.width(of: axis)) / 2, y: plotBottom + 22,
                    font: .mediumBold)
        canvas.line(from: (x(0), plotTop - 4), to: (x(0), plotBottom), color: .black, thickness: 2)
        for (i, row) in rows.enumerated() {
            let cy = plotTop + i * Self.rowHeight + Self.rowHeight / 2
            if i % 2 == 1 {
                canvas.fill(x: 4, y: cy - Self.rowHeight / 2, width: width - 8, height: Self.rowHeight,
                            color: Color(246, 246, 246))
                canvas.line(from: (x(0), cy - Self.rowHeight / 2), to: (x(0), cy + Self.rowHeight / 2),
                            color: .black, thickness: 2)
            }
            canvas.text(row.label, x: 8, y: cy - Font.small.characterHeight / 2)
            if let interval = row.interval {
                canvas.line(from: (x(interval.lowerBound), cy), to: (x(interval.upperBound), cy), color: .black, thickness: 2)
                for end in [interval.lowerBound, interval.upperBound] {
                    canvas.line(from: (x(end), cy - 4), to: (x(end), cy + 4), color: .black, thickness: 2)
                }
            }
            if let mean = row.mean {
                canvas.fill(x: x(mean) - 4, y: cy - 4, width: 9, height: 9, color: .black)
            }
            if let published = row.published {
                Self.diamond(canvas, x: x(published), y: cy, color: orange)
            }
            canvas.text(row.verdict, x: labelWidth + plotWidth + 16, y: cy - Font.small.characterHeight / 2,
                        color: Self.verdictColor(row.verdict))
        }
        return canvas
    }

    static func diamond(_ canvas: Canvas, x: Int, y: Int, color: Color) {
        let points = [(x: x, y: y - 6), (x: x + 6, y: y), (x: x, y: y + 6), (x: x - 6, y: y)]
        canvas.polygon(points, color: .white, filled: true)
        canvas.polygon(points, color: color, filled: false)
        canvas.polygon([(x: x, y: y - 5), (x: x + 5, y: y), (x: x, y: y + 5), (x: x - 5, y: y)], color: color, filled: false)
    }

    static func verdictColor(_ verdict: String) -> Color {
        if verdict.hasPrefix("confirmed") { return Color(30, 130, 50) }
        if verdict.hasPrefix("contradicted") { return Color(190, 30, 30) }
        return .grey
    }
}
