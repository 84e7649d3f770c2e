import Foundation
import ResultsStore

/// The paper's claims checked on the stored results. Each compares the final mean IoU
/// of two configurations (or the gains of two pairs) run on the same labelled-subset
/// size and seed, so every seed gives one paired difference; the verdict comes from the
/// 95% Student-t interval of the mean difference (`PairedComparison`), never from the
/// mean alone, and sits beside the published effect of the same comparison.
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
        /// The id the published effects use (configs/published.yml).
        public var id: String
        public var statement: String
        public var better: Arm
        public var worse: Arm
        public var baselines: (better: Arm, worse: Arm)?
    }

    /// The claims in the paper's order: the transfer table's, the mixing table's, the
    /// three ways as experiments 210-212 run them, then the components ladder (each
    /// added component helps).
    public static let claims: [Claim] = [
        Claim(id: "transfer", statement: "transfer from depth pretraining > training from scratch",
              better: Arm("210", "transfer"), worse: Arm("210", "scratch")),
        Claim(id: "feature_distance", statement: "transfer with the phase-2 feature distance > without (F > no F)",
              better: Arm("210", "transfer"), worse: Arm("210", "transfer_nofd")),
        Claim(id: "multitask_transfer", statement: "multi-task learning > transfer alone (no mixing)",
              better: Arm("212", "pad_transfer"), worse: Arm("210", "transfer")),
        Claim(id: "pseudo_labels", statement: "pseudo-labels (mean teacher, no mixing) > supervised",
              better: Arm("210", "scratch_ema"), worse: Arm("210", "scratch")),
        Claim(id: "classmix", statement: "ClassMix > supervised (both from scratch)",
              better: Arm("210", "scratch_classmix"), worse: Arm("210", "scratch")),
        Claim(id: "classmix_over_pseudo", statement: "ClassMix > pseudo-labels without mixing",
              better: Arm("210", "scratch_classmix"), worse: Arm("210", "scratch_ema")),
        Claim(id: "depthmix_over_classmix", statement: "DepthMix > ClassMix (both from scratch)",
              better: Arm("210", "scratch_depthmix"), worse: Arm("210", "scratch_classmix")),
        Claim(id: "depthmix", statement: "DepthMix > supervised (both from depth pretraining)",
              better: Arm("210", "transfer_depthmix"), worse: Arm("210", "transfer")),
        Claim(id: "depthmix_gain", statement: "DepthMix's gain (over transfer) > ClassMix's gain (over scratch)",
              better: Arm("210", "transfer_depthmix"), worse: Arm("210", "scratch_classmix"),
              baselines: (better: Arm("210", "transfer"), worse: Arm("210", "scratch"))),
        Claim(id: "ds_us", statement: "data selection ds_us > random labels (Table 3)",
              better: Arm("211", "sel_ds_us"), worse: Arm("211", "sel_random")),
        Claim(id: "selected_labels", statement: "selected labels > random labels (transfer + DepthMix)",
              better: Arm("210", "sel_transfer_depthmix"), worse: Arm("210", "transfer_depthmix")),
        Claim(id: "multitask", statement: "multi-task (212) > transfer + DepthMix alone (210)",
              better: Arm("212", "pad_transfer_depthmix"), worse: Arm("210", "transfer_depthmix")),
        Claim(id: "ladder_s", statement: "components: S > none (ds_us labels, supervised)",
              better: Arm("210", "sel_scratch"), worse: Arm("210", "scratch")),
        Claim(id: "ladder_mtl", statement: "components: MTL > none",
              better: Arm("212", "pad_transfer"), worse: Arm("210", "scratch")),
        Claim(id: "ladder_dx", statement: "components: DX > none",
              better: Arm("210", "scratch_depthmix"), worse: Arm("210", "scratch")),
        Claim(id: "ladder_s_mtl", statement: "components: S + MTL > S",
              better: Arm("212", "sel_pad_transfer"), worse: Arm("210", "sel_scratch")),
        Claim(id: "ladder_s_dx", statement: "components: S + DX > S",
              better: Arm("210", "sel_transfer_depthmix"), worse: Arm("210", "sel_scratch")),
        Claim(id: "ladder_dx_mtl", statement: "components: DX + MTL > DX",
              better: Arm("212", "pad_transfer_depthmix"), worse: Arm("210", "scratch_depthmix")),
        Claim(id: "ladder_s_dx_mtl", statement: "components: S + DX + MTL > S + DX",
              better: Arm("212", "sel_pad_transfer_depthmix"), worse: Arm("210", "sel_transfer_depthmix")),
    ]

    /// The ids of the claims, in order.
    public static var claimIds: [String] { claims.map(\.id) }

    /// What the store shows for a claim at one subset size.
    public struct Finding: Sendable {
        public var claim: Claim
        public var subsetSize: Int?
        /// The seeds paired, ascending.
        public var seeds: [Int]
        /// Paired differences in mIoU points (better - worse), one per seed.
        public var differences: [Double]
        /// Why the comparison is not made (differing step counts), if so.
        public var notComparable: String?
        /// The published effect of the same comparison (points) and its label count.
        public var published: PublishedNumbers.Value?
        /// The training steps every paired run ended at (nil when they differ).
        public var steps: Int? = nil

        public var statement: String { claim.statement }
        public var comparison: PairedComparison { PairedComparison(differences: differences) }

        /// The verdict: nil when the runs are not comparable.
        public var verdict: PairedComparison.Verdict? { notComparable == nil ? comparison.verdict : nil }

        /// "confirmed", "contradicted", "inconclusive", "inconclusive (one seed: no
        /// interval)" or "not comparable: why".
        public var verdictText: String {
            if let notComparable { return "not comparable: " + notComparable }
            if differences.count == 1 { return "inconclusive (one seed: no interval)" }
            return comparison.verdict.rawValue
        }

        /// "[-0.68, +1.36]", or "one seed: no interval".
        public var intervalText: String {
            guard let interval = comparison.interval else { return "one seed: no interval" }
            return "[" + Self.signed(interval.lowerBound) + ", " + Self.signed(interval.upperBound) + "]"
        }

        /// "+1.66 (372 labels)" or "-".
        public var publishedText: String {
            guard let published else { return "-" }
            return Self.signed(published.mean) + " (\(published.labels) labels)"
        }

        /// Whether our interval contains the published effect: "yes", "no" or "-".
        public var containsPublishedText: String {
            guard notComparable == nil, let published, let inside = comparison.intervalContains(published.mean) else { return "-" }
            return inside ? "yes" : "no"
        }

        /// Seed pairs a paired t-test (5%, 80% power) needs to detect the published
        /// effect at our spread.
        public var seedsNeeded: PairedComparison.SampleSize? {
            guard notComparable == nil, let published else { return nil }
            return comparison.seedsNeeded(toDetect: published.mean)
        }

        /// The one sentence the report's opening paragraph says about this finding.
        public var sentence: String {
            let size = subsetSize.map { "\($0) labels" } ?? "all labels"
            let head = claim.statement.prefix(1).uppercased() + claim.statement.dropFirst() + " (\(size))"
            if let notComparable { return head + ": not comparable, " + notComparable + "." }
            let c = comparison
            var s = head + ": " + Self.signed(c.mean) + " points"
            if c.count == 1 {
                s += " at one seed (\(seeds[0])), so inconclusive: one seed gives no interval"
            } else {
                s += ", 95% CI " + intervalText + " over \(c.count) seeds: " + c.verdict.rawValue
            }
            if let published {
                s += "; the published effect is " + Self.signed(published.mean) + " (\(published.labels) labels)"
                if let inside = c.intervalContains(published.mean) {
                    s += inside ? ", inside our interval" : ", outside our interval"
                }
                if case .seeds(let n) = c.seedsNeeded(toDetect: published.mean) {
                    s += ", and detecting it at our spread needs \(n) seeds"
                } else if case .moreThan(let n) = c.seedsNeeded(toDetect: published.mean) {
                    s += ", and detecting it at our spread needs more than \(n) seeds"
                }
            }
            return s + "."
        }

        static func signed(_ v: Double, digits: Int = 2) -> String {
            (v >= 0 ? "+" : "") + String(format: "%.\(digits)f", v)
        }
    }

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
    /// size and seed, by claim then size; with `published`, each carries the published
    /// effect at the label count nearest its subset size.
    public static func findings(store: ResultsStore, profile: String? = nil,
                                published: PublishedNumbers? = nil) throws -> [Finding] {
        findings(finals: try Finals(store: store, profile: profile), published: published)
    }

    /// The same on `finals`, every arm's configuration name with `suffix` appended (a
    /// scale ladder's rung, e.g. "_x2"; only claims whose every arm has such runs).
    static func findings(finals: Finals, published: PublishedNumbers?, suffix: String = "") -> [Finding] {
        var result: [Finding] = []
        for claim in claims {
            var arms = [claim.better, claim.worse]
            if let b = claim.baselines { arms += [b.better, b.worse] }
            let runs = arms.map { finals.runs(Arm($0.experiment, $0.config + suffix)) }
            let sizes = runs.dropFirst().reduce(Set(runs[0].keys)) { $0.intersection($1.keys) }
            for size in sizes.sorted(by: { ($0 ?? -1) < ($1 ?? -1) }) {
                let perArm = runs.map { $0[size]! }
                let seeds = perArm.dropFirst().reduce(Set(perArm[0].keys)) { $0.intersection($1.keys) }.sorted()
                guard !seeds.isEmpty else { continue }
                let differences = seeds.map { seed -> Double in
                    let v = perArm.map { $0[seed]!.miou * 100 }
                    return claim.baselines == nil ? v[0] - v[1] : (v[0] - v[2]) - (v[1] - v[3])
                }
                let steps = Set(perArm.flatMap { arm in seeds.map { arm[$0]!.step } })
                let notComparable = steps.count > 1
                    ? "the runs end at different steps (" + steps.sorted().map(String.init).joined(separator: ", ") + ")"
                    : nil
                var finding = Finding(claim: claim, subsetSize: size, seeds: seeds, differences: differences,
                                      notComparable: notComparable,
                                      published: published?.effect(claim: claim.id, labels: size))
                finding.steps = steps.count == 1 ? steps.first : nil
                result.append(finding)
            }
        }
        return result
    }

    /// The claims table: one row per claim and size.
    public static func table(_ findings: [Finding], publishedLabel: String?) -> ReportDocument.Block {
        let header = ["claim", "subset", "n", "mean difference", "sd", "95% CI", "verdict",
                      publishedLabel ?? "published", "published inside CI", "seeds to detect published"]
        return .table(header: header, rows: findings.map { f in
            let c = f.comparison
            return [f.statement, f.subsetSize.map { "\($0) labels" } ?? "all labels", "\(c.count)",
                    Finding.signed(c.mean), c.standardDeviation.map { String(format: "%.2f", $0) } ?? "-",
                    f.intervalText, f.verdictText, f.publishedText, f.containsPublishedText,
                    f.seedsNeeded?.text ?? "-"]
        })
    }
}
