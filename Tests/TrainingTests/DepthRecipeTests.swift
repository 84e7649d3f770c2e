import DataPipeline
import EngineTestSupport
import Foundation
import SelfSupervisedDepth
import TensorEngine
import Training
import XCTest

/// The depth recipe's keys: the scale-invariant ground-truth loss, warm-up, and a loss
/// section that may name any subset of its keys.
final class DepthRecipeTests: XCTestCase {
    func testScaleInvariantLossMatchesHandComputedValuesAndIgnoresScale() throws {
        // log ratios over the valid pixels: log 2, log 1, log 4 (the 0 and the 100 m
        // targets are invalid): variance = mean(r^2) - mean(r)^2.
        let depth = Tensor([2, 3, 4, 5, 8], shape: [1, 1, 1, 5])
        let target = Tensor([1, 0, 4, 100, 2], shape: [1, 1, 1, 5])
        let r: [Double] = [log(2), log(1), log(4)]
        let mean = r.reduce(0, +) / 3
        let expected = r.map { $0 * $0 }.reduce(0, +) / 3 - mean * mean
        XCTAssertEqual(Double(GroundTruthDepthLoss.loss(depth: depth, target: target).item), expected, accuracy: 1e-5)
        // A global scale changes nothing.
        let scaled = Tensor([2, 3, 4, 5, 8].map { Float($0) * 7.5 }, shape: [1, 1, 1, 5])
        XCTAssertEqual(GroundTruthDepthLoss.loss(depth: scaled, target: target).item,
                       GroundTruthDepthLoss.loss(depth: depth, target: target).item, accuracy: 1e-5)
        // No valid pixel: zero.
        XCTAssertEqual(GroundTruthDepthLoss.loss(depth: depth, target: Tensor(repeating: 0, shape: [1, 1, 1, 5])).item, 0)
    }

    func testScaleInvariantLossGradientMatchesFiniteDifferences() throws {
        var rng = RandomGenerator(seed: 3)
        let depth = Tensor.uniform([2, 1, 3, 4], 0.5, 20, rng: &rng, requiresGrad: true)
        let target = Tensor.uniform([2, 1, 3, 4], 0, 30, rng: &rng)
        assertGradientsMatch([depth]) { GroundTruthDepthLoss.loss(depth: $0[0], target: target) }
    }

    func testWarmUpRisesLinearlyThenTheStepDecayApplies() {
        let phase = DepthPhaseSettings(iterations: 10, learningRate: 1e-4, decayAt: 6, featureDistanceWeight: 0,
                                       trainEncoder: true, checkpointInterval: 5, validationInterval: 5, warmupSteps: 4)
        XCTAssertEqual((0..<8).map { phase.learningRateFactor(at: $0) }, [0.25, 0.5, 0.75, 1, 1, 1, 0.1, 0.1])
        var paper = phase
        paper.warmupSteps = nil
        XCTAssertEqual((0..<8).map { paper.learningRateFactor(at: $0) }, [1, 1, 1, 1, 1, 1, 0.1, 0.1])
    }

    func testALossSectionMayNameAnySubsetOfItsKeys() throws {
        let decode = { (text: String) in try JSONDecoder().decode(MonodepthLossSettings.self, from: Data(text.utf8)) }
        let decoded = try decode(#"{"scales": 1, "automasking": false}"#)
        var expected = MonodepthLossSettings()
        expected.scales = 1
        expected.automasking = false
        XCTAssertEqual(decoded, expected)
        XCTAssertEqual(try decode("{}"), MonodepthLossSettings())
    }

    func testTheNewKeysLeaveThePaperRecipesHashUnchanged() throws {
        // Unset recipe keys are not encoded, so runs recorded before them keep their hash;
        // only the standard profile sets one (each scale's loss at its own resolution).
        for profile in [Profile.smoke, .quick, .paper] {
            let json = try ConfigurationHash.json(DepthPretrainingSettings.profile(profile))
            XCTAssertFalse(json.contains("loss") || json.contains("supervision") || json.contains("warmup"), json)
        }
        let standard = try ConfigurationHash.json(DepthPretrainingSettings.profile(.standard))
        XCTAssertTrue(standard.contains("fullResolutionScales"), standard)
        XCTAssertFalse(standard.contains("supervision") || standard.contains("warmup"), standard)
    }
}
