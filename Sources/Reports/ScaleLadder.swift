import Foundation
import ResultsStore

/// The scale ladder: the paper's claims measured again on runs whose segmentation
/// schedule is a multiple of the profile's (configurations named `<variant>_x<m>`, e.g.
/// `scratch_x2`, `scratch_x0_5`; the profile's own runs are the 1x rung), so a reader
/// sees how each effect moves with compute. Effects are paired differences in mIoU
/// points with their 95% intervals (`PaperClaims.Finding`); steps are training steps.
public enum ScaleLadder {
    /// One claim at one subset size across the rungs, in ascending steps.
    public struct Line: Sendable {
        public var claim: PaperClaims.Claim
        public var subsetSize: Int?
        public var points: [(steps: Int, finding: PaperClaims.Finding)]

        /// The published effect of the claim (points), if any.
        public var published: PublishedNumbers.Value? { points.first?.finding.published }

        /// Least-squares slope of the mean effect against log2(steps): points of effect
        /// gained per doubling of the schedule; nil below two rungs.
        public var slopePerDoubling: Double? {
            guard points.count >= 2 else { return nil }
            let xs = points.map { log2(Double($0.steps)) }, ys = points.map { $0.finding.comparison.mean }
            let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
            let sxx = xs.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
            guard sxx > 0 else { return nil }
            return zip(xs, ys).map { ($0 - mx) * ($1 - my) }.reduce(0, +) / sxx
        }

        /// Doublings beyond the longest rung after which the fitted trend reaches the
        /// published effect (an extrapolation); nil when there is no published effect, the
        /// trend does not move towards it, or the longest rung already reaches it.
        public var doublingsToPublished: Double? {
            guard let published, let slope = slopePerDoubling, let last = points.last?.finding.comparison.mean,
                  slope != 0 else { return nil }
            let gap = published.mean - last
            guard gap != 0, (gap > 0) == (slope > 0) else { return nil }
            return gap / slope
        }
    }

    /// The figure's file name in a report folder.
    public static let figureName = "scale_ladder.png"

    /// Splits a rung's configuration name: "scratch_x2" -> ("scratch", "_x2"),
    /// "scratch_x0_5" -> ("scratch", "_x0_5"); nil for other names.
    public static func rung(of config: String) -> (base: String, suffix: String)? {
        guard let range = config.range(of: #"_x[0-9]+(_[0-9]+)?$"#, options: .regularExpression),
              range.lowerBound > config.startIndex else { return nil }
        return (String(config[..<range.lowerBound]), String(config[range]))
    }

    /// Whether `config` is a ladder rung of a configuration also among `configs`.
    public static func isRung(_ config: String, among configs: Set<String>) -> Bool {
        rung(of: config).map { configs.contains($0.base) } ?? false
    }

    /// The ladder lines of every claim that has at least one rung besides the profile's
    /// own runs, by claim then subset size. Rungs whose runs end at differing steps are
    /// left out.
    public static func lines(store: ResultsStore, profile: String? = nil,
                             published: PublishedNumbers? = nil) throws -> [Line] {
        let finals = try PaperClaims.Finals(store: store, profile: profile)
        let configs = Set(finals.values.keys.map { String($0.split(separator: "|").last ?? "") })
        let suffixes = Set(configs.compactMap { config in rung(of: config).flatMap { configs.contains($0.base) ? $0.suffix : nil } })
        guard !suffixes.isEmpty else { return [] }
        let base = PaperClaims.findings(finals: finals, published: published)
        var rungs: [String: [PaperClaims.Finding]] = [:]
        for suffix in suffixes {
            for f in PaperClaims.findings(finals: finals, published: published, suffix: suffix) {
                rungs[f.claim.id + "|" + "\(f.subsetSize ?? -1)", default: []].append(f)
            }
        }
        var lines: [Line] = []
        for f in base {
            guard let extra = rungs[f.claim.id + "|" + "\(f.subsetSize ?? -1)"] else { continue }
            let points = ([f] + extra).compactMap { g in g.steps.map { (steps: $0, finding: g) } }
                .sorted { $0.steps < $1.steps }
            guard points.count >= 2 else { continue }
            lines.append(Line(claim: f.claim, subsetSize: f.subsetSize, points: points))
        }
        return lines
    }

    /// The ladder table: one row per claim, size and rung.
    public static func table(_ lines: [Line], publishedLabel: String?) -> ReportDocument.Block {
        let header = ["claim", "subset", "steps", "n", "mean difference", "95% CI", "verdict",
                      publishedLabel ?? "published", "seeds to decide our effect", "trend per doubling",
                      "doublings to published (extrapolated)"]
        var rows: [[String]] = []
        for line in lines {
            for (k, p) in line.points.enumerated() {
                let c = p.finding.comparison
                let last = k == line.points.count - 1
                rows.append([line.claim.statement, line.subsetSize.map { "\($0) labels" } ?? "all labels",
                             "\(p.steps)", "\(c.count)", PaperClaims.Finding.signed(c.mean), p.finding.intervalText,
                             p.finding.verdictText, p.finding.publishedText,
                             p.finding.verdict == .inconclusive ? c.seedsNeeded(toDetect: c.mean).text : "-",
                             last ? line.slopePerDoubling.map { PaperClaims.Finding.signed($0) } ?? "-" : "",
                             last ? line.doublingsToPublished.map { String(format: "%.1f", $0) } ?? "-" : ""])
            }
        }
        return .table(header: header, rows: rows)
    }

    /// The figure: each claim's mean effect against steps (a log2 axis ticked at the
    /// rungs' steps, so each doubling is one equal stride) with its 95% interval as a
    /// band, and the published effect as a dashed line of the same colour.
    public static func plot(_ lines: [Line], publishedLabel: String) -> LinePlot {
        var series: [LinePlot.Series] = []
        var references: [LinePlot.Reference] = []
        for (k, line) in lines.enumerated() {
            let color = LinePlot.seriesColors[k % LinePlot.seriesColors.count]
            let name = line.claim.id + (line.subsetSize.map { " (\($0))" } ?? " (all)")
            series.append(LinePlot.Series(
                name: name, points: line.points.map { (x: Double($0.steps), y: $0.finding.comparison.mean) },
                color: color,
                band: line.points.compactMap { p in
                    p.finding.comparison.interval.map { (x: Double(p.steps), low: $0.lowerBound, high: $0.upperBound) }
                }))
            if let published = line.published {
                references.append(LinePlot.Reference(name: line.claim.id + " " + publishedLabel, y: published.mean,
                                                     color: color))
            }
        }
        var plot = LinePlot(title: "Scale ladder: effect (mean, 95% CI) against segmentation steps",
                            xLabel: "segmentation steps (log scale)", yLabel: "effect (mIoU points)", series: series, width: 800)
        plot.references = references + [LinePlot.Reference(name: "no effect", y: 0)]
        plot.logarithmicX = true
        return plot
    }
}
