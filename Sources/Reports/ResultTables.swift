import CityscapesData
import ResultsStore

/// The final results of finished runs grouped for tables: per experiment, configuration
/// and labelled-subset size, the statistics over seeds of each run's last evaluation.
public struct ResultTables {
    /// One cell group: all seeds of (experiment, config, profile, subset size).
    public struct Group: Equatable {
        public var experiment: String
        public var config: String
        public var profile: String
        public var subsetSize: Int?
        public var meanIoU: SeedStatistic
        public var pixelAccuracy: SeedStatistic
        /// Per class name (train-id order), over the seeds where the class has an IoU.
        public var classIoU: [(name: String, stat: SeedStatistic)]
        /// Depth metrics by name, when the runs were evaluated on depth.
        public var depth: [(name: String, stat: SeedStatistic)]
        /// Median step time (seconds) and wall time of the runs, averaged.
        public var medianStepSeconds: Double?
        public var wallSeconds: Double?

        public static func == (a: Group, b: Group) -> Bool {
            a.experiment == b.experiment && a.config == b.config && a.profile == b.profile
                && a.subsetSize == b.subsetSize && a.meanIoU == b.meanIoU
        }
    }

    public let groups: [Group]

    /// Reads the newest finished run per (experiment, config, profile, seed, subset) and
    /// groups them; `profile` restricts to one profile.
    public init(store: ResultsStore, profile: String? = nil) throws {
        var newest: [String: Run] = [:]
        for run in try store.runs(profile: profile) where run.status == .done {
            newest["\(run.experiment)|\(run.configName)|\(run.profile)|\(run.seed)|\(run.subsetIdentity)"] = run
        }
        struct Key: Hashable { var experiment, config, profile: String; var subset: Int? }
        var byKey: [Key: [(Run, [String: Double])]] = [:]
        for run in newest.values {
            guard let (_, metrics) = try RegressionBaseline.finalMetrics(of: run, in: store) else { continue }
            byKey[Key(experiment: run.experiment, config: run.configName, profile: run.profile,
                      subset: run.subsetSize), default: []].append((run, metrics))
        }
        let classNames = CityscapesLabels.evaluated.map(\.name)
        let depthNames = ["abs_rel", "sq_rel", "rmse", "rmse_log", "delta1", "delta2", "delta3"]
        var groups: [Group] = []
        for (key, runs) in byKey {
            func stat(_ name: String) -> SeedStatistic { SeedStatistic(runs.compactMap { $0.1[name] }) }
            var timingsMedian: [Double] = [], timingsWall: [Double] = []
            for (run, _) in runs {
                let timings = try store.timings(runId: run.id!)
                timingsWall.append(timings.map(\.wallSeconds).reduce(0, +))
                if let m = timings.compactMap(\.medianStepSeconds).first { timingsMedian.append(m) }
            }
            let depth = depthNames.compactMap { n -> (String, SeedStatistic)? in
                let s = stat(n)
                return s.seeds > 0 ? (n, s) : nil
            }
            groups.append(Group(experiment: key.experiment, config: key.config, profile: key.profile,
                                subsetSize: key.subset, meanIoU: stat("mean_iou"), pixelAccuracy: stat("pixel_accuracy"),
                                classIoU: classNames.map { ($0, stat("iou/\($0)")) }, depth: depth,
                                medianStepSeconds: timingsMedian.isEmpty ? nil : timingsMedian.reduce(0, +) / Double(timingsMedian.count),
                                wallSeconds: timingsWall.isEmpty ? nil : timingsWall.reduce(0, +) / Double(timingsWall.count)))
        }
        self.groups = groups.sorted {
            ($0.experiment, $0.config, $0.subsetSize ?? -1) < ($1.experiment, $1.config, $1.subsetSize ?? -1)
        }
    }

    /// A cell of the tables without its profile: experiment, configuration, subset size.
    public struct GroupKey: Hashable, Sendable {
        public var experiment: String
        public var config: String
        public var subsetSize: Int?

        public init(experiment: String, config: String, subsetSize: Int?) {
            self.experiment = experiment
            self.config = config
            self.subsetSize = subsetSize
        }
    }

    /// The final value of `metric` of the newest finished run of every seed, by cell.
    public static func finalValues(store: ResultsStore, profile: String?,
                                   metric: String) throws -> [GroupKey: [(seed: Int, value: Double)]] {
        var newest: [String: Run] = [:]
        for run in try store.runs(profile: profile) where run.status == .done {
            newest["\(run.experiment)|\(run.configName)|\(run.profile)|\(run.seed)|\(run.subsetIdentity)"] = run
        }
        var out: [GroupKey: [(seed: Int, value: Double)]] = [:]
        for run in newest.values {
            guard let (_, metrics) = try RegressionBaseline.finalMetrics(of: run, in: store),
                  let value = metrics[metric] else { continue }
            out[GroupKey(experiment: run.experiment, config: run.configName, subsetSize: run.subsetSize), default: []]
                .append((run.seed, value))
        }
        return out
    }

    /// The experiments present, sorted.
    public var experiments: [String] { Array(Set(groups.map(\.experiment))).sorted() }
}
