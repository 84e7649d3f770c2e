import Foundation
import ResultsStore

/// The paper's claims checked on the stored results, claim by claim: each compares the
/// final mean IoU of two configurations (or the gains of two pairs) run on the same
/// labelled-subset size and seed, so every seed gives one paired difference.
///
/// - transfer > scratch (210: transfer vs scratch);
/// - DepthMix > ClassMix: DepthMix's gain over its base (210: transfer_depthmix -
///   transfer) against ClassMix's gain over its base (scratch_classmix - scratch);
/// - ds_us > random (211's Table 3: sel_ds_us vs sel_random);
/// - selected labels > random labels (210: sel_transfer_depthmix vs transfer_depthmix);
/// - multi-task > transfer alone (212: pad_transfer_depthmix vs 210: transfer_depthmix;
///   comparable only when both trained the same number of steps).
public enum PaperClaims {
    /// A configuration's runs: experiment and variant (config name).
    public struct Arm: Equatable, Sendable {
        public var experiment: String
        public var config: String
        public init(_ experiment: String, _ config: String) {
            self.experiment = experiment
            self.config = config
        }
    }

    /// One claim: `better` should beat `worse`; with `baselines`, the gain
    /// better - baselines.better should beat worse - baselines.worse.
    public struct Claim: Sendable {
        public var statement: String
        public var better: Arm
        public var worse: Arm
        public var baselines: (better: Arm, worse: Arm)?
    }

    /// The verdict of a claim at one subset size.
    public struct Finding: Equatable, Sendable {
        public var statement: String
        public var subsetSize: Int?
        /// Paired differences in mIoU (fractions, better - worse), one per seed.
        public var differences: [Double]
        /// Why the comparison is not made (differing step counts), if so.
        public var notComparable: String?

        /// "holds at every seed", "holds on average", "does not hold", or why not comparable.
        public var verdict: String {
            if let notComparable { return "not comparable: " + notComparable }
            let stat = SeedStatistic(differences)
            if differences.allSatisfy({ $0 > 0 }) {
                return differences.count == 1 ? "holds (1 seed)" : "holds at every seed"
            }
            if stat.mean > 0 { return "holds on average, not at every seed" }
            return "does not hold"
        }
    }

    /// The claims in the paper's order.
    public static let claims: [Claim] = [
        Claim(statement: "transfer from depth pretraining > training from scratch",
              better: Arm("210", "transfer"), worse: Arm("210", "scratch")),
        Claim(statement: "DepthMix (gain over transfer) > ClassMix (gain over scratch)",
              better: Arm("210", "transfer_depthmix"), worse: Arm("210", "scratch_classmix"),
              baselines: (better: Arm("210", "transfer"), worse: Arm("210", "scratch"))),
        Claim(statement: "data selection ds_us > random labels (Table 3)",
              better: Arm("211", "sel_ds_us"), worse: Arm("211", "sel_random")),
        Claim(statement: "selected labels > random labels (transfer + DepthMix)",
              better: Arm("210", "sel_transfer_depthmix"), worse: Arm("210", "transfer_depthmix")),
        Claim(statement: "multi-task (212) > transfer + DepthMix alone (210)",
              better: Arm("212", "pad_transfer_depthmix"), worse: Arm("210", "transfer_depthmix")),
    ]

    /// The final (step, mean IoU) of the newest finished run of every arm, by
    /// (subset size, seed).
    struct Finals {
        var values: [String: [Int?: [Int: (step: Int, miou: Double)]]] = [:]

        init(store: ResultsStore, profile: String?) throws {
            var newest: [String: Run] = [:]
            for run in try store.runs(profile: profile) where run.status == .done {
                newest["\(run.experiment)|\(run.configName)|\(run.profile)|\(run.seed)|\(run.subsetIdentity)"] = run
            }
            for run in newest.values {
                guard let (step, metrics) = try RegressionBaseline.finalMetrics(of: run, in: store),
                      let miou = metrics["mean_iou"] else { continue }
                values["\(run.experiment)|\(run.configName)", default: [:]][run.subsetSize, default: [:]][run.seed]
                    = (step, miou)
            }
        }

        func runs(_ arm: Arm) -> [Int?: [Int: (step: Int, miou: Double)]] {
            values["\(arm.experiment)|\(arm.config)"] ?? [:]
        }
    }

    /// The findings of every claim whose configurations have results at a common subset
    /// size and seed, by claim then size.
    public static func findings(store: ResultsStore, profile: String? = nil) throws -> [Finding] {
        let finals = try Finals(store: store, profile: profile)
        var result: [Finding] = []
        for claim in claims {
            var arms = [claim.better, claim.worse]
            if let b = claim.baselines { arms += [b.better, b.worse] }
            let runs = arms.map { finals.runs($0) }
            let sizes = runs.dropFirst().reduce(Set(runs[0].keys)) { $0.intersection($1.keys) }
            for size in sizes.sorted(by: { ($0 ?? -1) < ($1 ?? -1) }) {
                let perArm = runs.map { $0[size]! }
                let seeds = perArm.dropFirst().reduce(Set(perArm[0].keys)) { $0.intersection($1.keys) }.sorted()
                guard !seeds.isEmpty else { continue }
                let differences = seeds.map { seed -> Double in
                    let v = perArm.map { $0[seed]!.miou }
                    return claim.baselines == nil ? v[0] - v[1] : (v[0] - v[2]) - (v[1] - v[3])
                }
                let steps = Set(perArm.flatMap { arm in seeds.map { arm[$0]!.step } })
                let notComparable = steps.count > 1
                    ? "the runs end at different steps (" + steps.sorted().map(String.init).joined(separator: ", ") + ")"
                    : nil
                result.append(Finding(statement: claim.statement, subsetSize: size, differences: differences,
                                      notComparable: notComparable))
            }
        }
        return result
    }

    /// The report section: one row per claim and size.
    public static func blocks(store: ResultsStore, profile: String? = nil) throws -> [ReportDocument.Block] {
        let findings = try findings(store: store, profile: profile)
        guard !findings.isEmpty else { return [] }
        return [
            .heading("Does SynthCity reproduce the paper?", level: 2),
            .paragraph("Each claim compares final mean IoU on the same labelled subset size and seed; the "
                       + "difference is in mIoU points, mean ± sample standard deviation over the seed pairs "
                       + "(count in parentheses). A claim holds at every seed when each paired difference is "
                       + "positive."),
            .table(header: ["claim", "subset", "difference (points)", "verdict"], rows: findings.map { f in
                [f.statement, f.subsetSize.map { "\($0) labels" } ?? "all labels",
                 SeedStatistic(f.differences).formatted(scale: 100, digits: 2), f.verdict]
            }),
        ]
    }
}
