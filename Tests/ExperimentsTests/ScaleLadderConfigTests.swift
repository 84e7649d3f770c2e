import EngineTestSupport
import Experiments
import Foundation
import Training
import XCTest

/// A profile's `ladder:`: rung variants at multiples of the schedule, their seeds and
/// sizes, the all-labels column's own seeds, and the mistakes a ladder can hold.
final class ScaleLadderConfigTests: XCTestCase {
    private var folder: TemporaryFolder!
    override func setUpWithError() throws { folder = try TemporaryFolder("ladder") }
    override func tearDown() { folder.remove() }

    private func load(_ profiles: String, variants: String = """
          - {name: scratch, init: scratch}
          - {name: mix, init: scratch, segmentation: {semiSupervised: {mix: class, onlyUnlabelled: false}}}
          - {name: late, init: scratch, profiles: [quick]}
        """) throws -> ExperimentDefinition {
        let path = folder.path + "/x.yml"
        try """
            experiment: "210"
            title: t
            version: 1
            kind: segmentation
            variants:
            \(variants)
            profiles:
            \(profiles)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return try ExperimentDefinition.load(path)
    }

    func testRungsScaleTheScheduleAndKeepTheVariantsOverrides() throws {
        let d = try load("""
              smoke:
                seeds: [1, 2, 3]
                subsetSizes: [4]
                allLabels: true
                allLabelsSeeds: [1]
                ladder: {multipliers: [0.5, 2], variants: [scratch, mix], seeds: [1, 2]}
                segmentation: {training: {iterations: 101, decayEvery: 75, validationInterval: 10, checkpointInterval: 0}}
              quick: {seeds: [5], subsetSizes: [4], ladder: {multipliers: [2], variants: [scratch]}}
            """)
        XCTAssertEqual(d.variantNames, ["scratch", "mix", "late", "scratch_x0_5", "scratch_x2", "mix_x0_5", "mix_x2"])
        XCTAssertEqual(d.baseVariantNames, ["scratch", "mix", "late"])
        // scratch_x2 belongs to both profiles' ladders.
        XCTAssertEqual(d.variants.first { $0.name == "scratch_x2" }?.profiles, [.smoke, .quick])
        XCTAssertEqual(d.variants.first { $0.name == "mix_x2" }?.profiles, [.smoke])

        let base = try d.segmentationSettings(profile: .smoke, variant: "mix")
        let half = try d.segmentationSettings(profile: .smoke, variant: "mix_x0_5")
        let double = try d.segmentationSettings(profile: .smoke, variant: "mix_x2")
        // 101 x 0.5 = 50.5 rounds to 51 (away from zero); 75 x 0.5 = 37.5 -> 38; an interval of 0 stays 0.
        XCTAssertEqual([half.training.iterations, half.training.decayEvery, half.training.validationInterval,
                        half.training.checkpointInterval], [51, 38, 5, 0])
        XCTAssertEqual([double.training.iterations, double.training.decayEvery, double.training.validationInterval],
                       [202, 150, 20])
        XCTAssertEqual(double.semiSupervised, base.semiSupervised)
        var unscaled = double
        unscaled.training = base.training
        XCTAssertEqual(unscaled, base)

        // Rungs run the subset sizes with the ladder's seeds; the all-labels column its own.
        let grid = try GridEntry.grid(of: d, profile: .smoke).map {
            "\($0.variant)@\($0.subsetSize.map(String.init) ?? "all")#\($0.seed)"
        }
        XCTAssertEqual(grid, ["scratch@4#1", "scratch@4#2", "scratch@4#3", "scratch@all#1",
                              "mix@4#1", "mix@4#2", "mix@4#3", "mix@all#1",
                              "scratch_x0_5@4#1", "scratch_x0_5@4#2", "scratch_x2@4#1", "scratch_x2@4#2",
                              "mix_x0_5@4#1", "mix_x0_5@4#2", "mix_x2@4#1", "mix_x2@4#2"])
        // Seeds on the command line replace every list.
        XCTAssertEqual(Set(try GridEntry.grid(of: d, profile: .smoke, seeds: [9]).map(\.seed)), [9])
        XCTAssertEqual(try GridEntry.grid(of: d, profile: .smoke, seeds: [9]).count, 8)
        // The quick ladder has no seeds of its own: the profile's.
        XCTAssertEqual(try GridEntry.grid(of: d, profile: .quick).map(\.variant), ["scratch", "mix", "late", "scratch_x2"])
    }

    func testLadderMistakesAreNamed() throws {
        func refused(_ profiles: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertThrowsError(try load(profiles), file: file, line: line) {
                XCTAssertTrue("\($0)".contains(expected), "\($0)", file: file, line: line)
            }
        }
        refused("  smoke: {seeds: [1], ladder: {multipliers: [2], variants: [nope]}}",
                "'nope' is not a variant that runs at profile smoke")
        refused("  smoke: {seeds: [1], ladder: {multipliers: [2], variants: [late]}}",
                "'late' is not a variant that runs at profile smoke")
        refused("  smoke: {seeds: [1], ladder: {multipliers: [1], variants: [scratch]}}",
                "profiles.smoke.ladder.multipliers")
        refused("  smoke: {seeds: [1], ladder: {multipliers: [-2], variants: [scratch]}}", "positive factor")
        refused("  smoke: {seeds: [1], ladder: {multipliers: [2], variants: [scratch], seeds: []}}",
                "profiles.smoke.ladder.seeds")
        refused("  smoke: {seeds: [1], ladder: {multipliers: [2], variants: [scratch], steps: 3}}", "steps")
        XCTAssertThrowsError(try load("  smoke: {seeds: [1], ladder: {multipliers: [2], variants: [scratch]}}",
                                      variants: "  - {name: scratch, init: scratch}\n  - {name: scratch_x2, init: scratch}")) {
            XCTAssertTrue("\($0)".contains("the rung 'scratch_x2' repeats a variant's name"), "\($0)")
        }
    }

    func testRungNames() {
        XCTAssertEqual(ExperimentDefinition.LadderRung.name(base: "transfer", multiplier: 4), "transfer_x4")
        XCTAssertEqual(ExperimentDefinition.LadderRung.name(base: "transfer", multiplier: 0.25), "transfer_x0_25")
    }

    /// Curve points validate on `curveValidationSamples`, the last step on `validationSamples`.
    func testCurveValidationUsesItsSubsetBeforeTheLastStep() {
        var s = SegmentationRunSettings.profile(.standard)
        XCTAssertEqual(s.curveValidationSamples, 100)
        XCTAssertNil(s.validationSamples)
        XCTAssertEqual(s.training.iterations / s.training.validationInterval, 10)
        XCTAssertEqual(s.validationLimit(step: 100), 100)
        XCTAssertNil(s.validationLimit(step: s.training.iterations))
        s.curveValidationSamples = nil
        s.validationSamples = 8
        XCTAssertEqual(s.validationLimit(step: 1), 8)
        // The other profiles keep one validation set (and their configuration hashes).
        XCTAssertNil(SegmentationRunSettings.profile(.quick).curveValidationSamples)
    }
}
