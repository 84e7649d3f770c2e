import Foundation
import ResultsStore

/// The comparison of the newest runs in a store with a `RegressionBaseline`.
public struct RegressionCheck {
    /// One compared metric.
    public struct Line: Equatable {
        public var run: String
        public var metric: String
        public var baseline: Double?
        public var current: Double?
        public var tolerance: Double
        /// Outside tolerance, or missing on one side.
        public var failed: Bool
    }

    public let lines: [Line]
    /// Baseline runs with no finished counterpart that were left out (only with `onlyStoredRuns`).
    public let skippedRuns: [String]
    /// Baseline runs on selected labels whose selection (same method, seed, configuration
    /// and size) now picks other images: compared with the run on the new subset.
    public let changedSubsets: [String]

    /// True when every metric of every baseline run is within tolerance.
    public var passed: Bool { !lines.contains { $0.failed } }

    /// Compares each baseline entry with the newest finished run of the same identity.
    /// A baseline run missing from the store fails the check, unless `onlyStoredRuns`
    /// leaves it out (to check a part of a grid, e.g. one experiment and one seed).
    public init(store: ResultsStore, baseline: RegressionBaseline, onlyStoredRuns: Bool = false) throws {
        var newest: [String: Run] = [:]
        var newestBySelection: [String: Run] = [:]
        for run in try store.runs() where run.status == .done {
            newest[RegressionBaseline.identity(run)] = run
            newestBySelection[Self.selectionKey(run.experiment, run.configName, run.profile, run.seed,
                                                run.subsetIdentity)] = run
        }
        var lines: [Line] = []
        var skipped: [String] = []
        var changed: [String] = []
        for entry in baseline.entries {
            let key = "\(entry.experiment)|\(entry.config)|\(entry.profile)|\(entry.seed)|\(entry.subset)"
            let name = "\(entry.experiment) \(entry.config) seed \(entry.seed) \(entry.subset)"
            var match = newest[key]
            if match == nil,
               let other = newestBySelection[Self.selectionKey(entry.experiment, entry.config, entry.profile, entry.seed,
                                                               entry.subset)],
               other.subsetIdentity != entry.subset {
                match = other
                changed.append("\(name) -> \(other.subsetIdentity)")
            }
            guard let run = match, let (_, current) = try RegressionBaseline.finalMetrics(of: run, in: store) else {
                if onlyStoredRuns {
                    skipped.append(name)
                    continue
                }
                lines.append(Line(run: name, metric: "(run)", baseline: nil, current: nil, tolerance: 0, failed: true))
                continue
            }
            for metric in Set(entry.metrics.keys).union(current.keys).sorted() {
                let old = entry.metrics[metric], new = current[metric], tolerance = baseline.tolerance(of: metric)
                let failed: Bool
                if let old, let new {
                    failed = !(abs(new - old) <= tolerance) // NaN fails too
                } else {
                    failed = old != nil // a metric that disappeared fails; a new one is reported only
                }
                lines.append(Line(run: name, metric: metric, baseline: old, current: new, tolerance: tolerance,
                                  failed: failed))
            }
        }
        self.lines = lines
        self.skippedRuns = skipped
        self.changedSubsets = changed
    }

    private static func selectionKey(_ experiment: String, _ config: String, _ profile: String, _ seed: Int,
                                     _ subset: String) -> String {
        "\(experiment)|\(config)|\(profile)|\(seed)|\(RegressionBaseline.subsetWithoutNames(subset))"
    }

    /// A table of the metrics that moved (all of them with `verbose`), failures marked.
    public func table(verbose: Bool = false) -> String {
        func fmt(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "-" }
        let shown = lines.filter { verbose || $0.failed || $0.baseline != $0.current }
        var rows = [["run", "metric", "baseline", "current", "change", "tolerance", ""]]
        for l in shown {
            let change = (l.baseline != nil && l.current != nil) ? String(format: "%+.4f", l.current! - l.baseline!) : "-"
            rows.append([l.run, l.metric, fmt(l.baseline), fmt(l.current), change, String(format: "%.4f", l.tolerance),
                         l.failed ? "OUT" : "ok"])
        }
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var out = rows.enumerated().map { i, row in
            row.enumerated().map { c, s in s.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        out.insert(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "), at: 1)
        let failures = lines.filter(\.failed).count
        out.append("\(lines.count) metrics compared, \(shown.count) moved, \(failures) outside tolerance")
        for run in changedSubsets {
            out.append("selected labels changed, compared anyway: \(run)")
        }
        if !skippedRuns.isEmpty {
            out.append("\(skippedRuns.count) baseline runs not in the database were left out (--only-stored-runs)")
        }
        return out.joined(separator: "\n")
    }
}
