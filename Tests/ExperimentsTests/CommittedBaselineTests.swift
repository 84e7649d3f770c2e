import Experiments
import Foundation
import Reports
import Training
import XCTest

/// The committed regression baselines (reports/baseline-PROFILE.json) hold exactly the
/// runs of their profile's grid, each at its final step, so a config change that
/// would make `threeways regress` compare against stale runs fails here first.
final class CommittedBaselineTests: XCTestCase {
    private static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The labelled-subset size a stored subset identity names: "random:6:seed42" -> 6,
    /// "selection:ds:seed42:…:named:4:…" -> 4, "unlabelled" -> nil.
    static func subsetSize(_ identity: String) -> Int? {
        let parts = identity.split(separator: ":").map(String.init)
        if parts.first == "random", parts.count > 1 { return Int(parts[1]) }
        if let named = parts.firstIndex(of: "named"), named + 1 < parts.count { return Int(parts[named + 1]) }
        return nil
    }

    func testSubsetSizesAreReadFromIdentities() {
        XCTAssertEqual(Self.subsetSize("random:6:seed42"), 6)
        XCTAssertEqual(Self.subsetSize("selection:ds_us:seed42:0653abe2:named:17:9b7631589b1bf6a4"), 17)
        XCTAssertNil(Self.subsetSize("unlabelled"))
    }

    func testCommittedBaselinesCoverTheirProfilesGrids() throws {
        let registry = try ExperimentRegistry(folder: Self.repository.appendingPathComponent("configs").path)
        var checked: [String] = []
        // One baseline per profile and determinism class: baseline-P.json (AVX-512
        // machines) and baseline-P-avx2.json (AVX2-only machines).
        for (profile, suffix) in Profile.allCases.flatMap({ p in ["", "-avx2"].map { (p, $0) } }) {
            let path = Self.repository.appendingPathComponent("reports/baseline-\(profile)\(suffix).json").path
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let baseline = try RegressionBaseline.read(path)
            checked.append(profile.rawValue + suffix)

            struct Key: Hashable { var experiment, variant: String; var seed: Int; var size: Int?; var step: Int }
            var expected: [Key] = []
            for id in registry.experimentIds {
                let definition = try registry.definition(id)
                let depth = try definition.settings(profile: profile).depth
                for entry in try GridEntry.grid(of: definition, profile: profile) {
                    let step = try depth?.totalIterations
                        ?? definition.segmentationSettings(profile: profile, variant: entry.variant).training.iterations
                    expected.append(Key(experiment: id, variant: entry.variant, seed: Int(entry.seed),
                                        size: entry.subsetSize, step: step))
                }
            }
            let stored = baseline.entries.map {
                Key(experiment: $0.experiment, variant: $0.config, seed: $0.seed, size: Self.subsetSize($0.subset),
                    step: $0.step)
            }
            XCTAssertEqual(stored.count, Set(stored).count, "\(path) lists a run twice")
            let missing = Set(expected).subtracting(stored), extra = Set(stored).subtracting(expected)
            XCTAssertTrue(missing.isEmpty && extra.isEmpty,
                          "\(path) is stale (recapture it with `threeways regress --capture`): "
                          + "missing \(missing.map { "\($0)" }.sorted()), extra \(extra.map { "\($0)" }.sorted())")
            XCTAssertTrue(baseline.entries.allSatisfy { $0.profile == profile.rawValue
                                                        && ($0.metrics["mean_iou"] != nil || $0.metrics["abs_rel"] != nil) }, path)
        }
        XCTAssertTrue(checked.contains("smoke"), "reports/baseline-smoke.json is missing")
        XCTAssertTrue(checked.contains("smoke-avx2"), "reports/baseline-smoke-avx2.json is missing")
    }
}
