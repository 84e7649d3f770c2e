import Foundation
import ResultsStore

/// A stored reference of metrics (a committed JSON file under `reports/`) that later
/// runs are compared against, with a tolerance per metric.
///
/// Metric names: "mean_iou", "pixel_accuracy", "abs_rel", "sq_rel", "rmse", "rmse_log",
/// "delta1", "delta2", "delta3", and "iou/<class name>" for each class; values are as
/// stored (IoU and accuracy in [0, 1]).
public struct RegressionBaseline: Codable, Equatable, Sendable {
    /// One run's reference metrics, identified as the store identifies runs.
    public struct Entry: Codable, Equatable, Sendable {
        public var experiment: String
        public var config: String
        public var profile: String
        public var seed: Int
        public var subset: String
        /// The training step the metrics were taken at.
        public var step: Int
        public var metrics: [String: Double]

        public init(experiment: String, config: String, profile: String, seed: Int, subset: String, step: Int,
                    metrics: [String: Double]) {
            self.experiment = experiment
            self.config = config
            self.profile = profile
            self.seed = seed
            self.subset = subset
            self.step = step
            self.metrics = metrics
        }
    }

    /// Allowed absolute difference per metric name; class IoUs use "iou/*" unless a
    /// class has its own entry; metrics without a tolerance use "default".
    public var tolerances: [String: Double]
    public var entries: [Entry]

    public init(tolerances: [String: Double], entries: [Entry]) {
        self.tolerances = tolerances
        self.entries = entries
    }

    /// Tolerances suited to the smoke profile: bit-identical on one machine and thread
    /// count, small drift across BLAS builds.
    public static let defaultTolerances: [String: Double] = [
        "default": 0.02, "mean_iou": 0.02, "pixel_accuracy": 0.02, "iou/*": 0.05,
        "abs_rel": 0.02, "sq_rel": 0.2, "rmse": 0.5, "rmse_log": 0.03,
        "delta1": 0.03, "delta2": 0.03, "delta3": 0.03,
    ]

    /// `defaultTolerances` with "NAME=VALUE" overrides (e.g. "mean_iou=0.03",
    /// "iou/*=0.1"); errors name the malformed override.
    public static func tolerances(overriding overrides: [String]) throws -> [String: Double] {
        var result = defaultTolerances
        for text in overrides {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), value >= 0, value.isFinite else {
                throw FigureError.invalidInput("tolerance '\(text)' is not NAME=VALUE with a non-negative number "
                                               + "(e.g. mean_iou=0.03 or iou/*=0.1)")
            }
            result[parts[0]] = value
        }
        return result
    }

    /// The tolerance of `metric`.
    public func tolerance(of metric: String) -> Double {
        if let t = tolerances[metric] { return t }
        if metric.hasPrefix("iou/"), let t = tolerances["iou/*"] { return t }
        return tolerances["default"] ?? 0
    }

    /// Reads a baseline file; errors name the file.
    public static func read(_ path: String) throws -> RegressionBaseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FigureError.invalidInput("cannot read baseline \(path)")
        }
        do {
            return try JSONDecoder().decode(RegressionBaseline.self, from: data)
        } catch {
            throw FigureError.invalidInput("baseline \(path) is not a valid baseline file: \(error)")
        }
    }

    /// Writes the baseline as sorted, indented JSON.
    public func write(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw FigureError.unwritable(path: path, reason: error.localizedDescription)
        }
    }

    /// A baseline from the newest finished run of every key in the store (its last
    /// evaluation), optionally of one profile.
    public static func capture(from store: ResultsStore, profile: String? = nil,
                               tolerances: [String: Double] = defaultTolerances) throws -> RegressionBaseline {
        var newest: [String: Run] = [:]
        for run in try store.runs(profile: profile) where run.status == .done {
            newest[Self.identity(run)] = run
        }
        var entries: [Entry] = []
        for run in newest.values.sorted(by: { Self.identity($0) < Self.identity($1) }) {
            guard let (step, metrics) = try Self.finalMetrics(of: run, in: store) else { continue }
            entries.append(Entry(experiment: run.experiment, config: run.configName, profile: run.profile,
                                 seed: run.seed, subset: run.subsetIdentity, step: step, metrics: metrics))
        }
        return RegressionBaseline(tolerances: tolerances, entries: entries)
    }

    static func identity(_ run: Run) -> String {
        "\(run.experiment)|\(run.configName)|\(run.profile)|\(run.seed)|\(run.subsetIdentity)"
    }

    /// A subset identity without the hash of the chosen names ("selection:ds_us:seed42:
    /// CONFIG:named:100:NAMESHASH" -> "...:named:100"): the same selection method, seed,
    /// configuration and size, whichever images it picked. Other identities are unchanged.
    static func subsetWithoutNames(_ subset: String) -> String {
        guard let range = subset.range(of: ":named:") else { return subset }
        let rest = subset[range.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return subset }
        return String(subset[..<colon])
    }

    /// The metrics of a run's last evaluation, by metric name.
    static func finalMetrics(of run: Run, in store: ResultsStore) throws -> (Int, [String: Double])? {
        guard let id = run.id, let evaluation = try store.evaluations(runId: id).last,
              let evaluationId = evaluation.id else { return nil }
        var metrics: [String: Double] = [:]
        metrics["mean_iou"] = evaluation.meanIoU
        metrics["pixel_accuracy"] = evaluation.pixelAccuracy
        for row in try store.classIoUs(evaluationId: evaluationId) {
            if let iou = row.iou { metrics["iou/\(row.className)"] = iou }
        }
        if let d = try store.depthMetrics(evaluationId: evaluationId) {
            for (k, v) in [("abs_rel", d.absRel), ("sq_rel", d.sqRel), ("rmse", d.rmse), ("rmse_log", d.rmseLog),
                           ("delta1", d.delta1), ("delta2", d.delta2), ("delta3", d.delta3)] { metrics[k] = v }
        }
        return (evaluation.step, metrics)
    }
}
