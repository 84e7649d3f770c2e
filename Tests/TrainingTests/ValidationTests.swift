import DataPipeline
import EngineTestSupport
import Evaluation
import Networks
import SelfSupervisedDepth
import SynthCity
import TensorEngine
import Training
import XCTest

/// Validation helpers against direct computations.
final class ValidationTests: XCTestCase {
    static let tree: String = {
        let folder = try! TemporaryFolder("validation")
        try! SynthCityGenerator(settings: SynthCitySettings(seed: 4, trainCount: 1, valCount: 3, width: 64, height: 32))
            .generate(root: folder.path)
        return folder.path
    }()

    /// Predicts class 0 (road) everywhere: IoU(road) = road pixels / all counted pixels.
    final class RoadEverywhere: SegmentationModel {
        func logits(_ images: Tensor, rng: inout RandomGenerator) -> Tensor {
            let n = images.shape[0], h = images.shape[2], w = images.shape[3]
            let out = Tensor.zeros([n, 19, h, w])
            for i in 0..<n { (out.data + i * 19 * h * w).update(repeating: 1, count: h * w) }
            return out
        }
        var backboneParameters: [Tensor] { [] }
        var headParameters: [Tensor] { [] }
        func setTraining(_ training: Bool) {}
        func stateDict() -> [String: Tensor] { [:] }
        func load(stateDict: [String: Tensor]) throws {}
    }

    func testSegmentationScoresMatchACountByHand() throws {
        let reader = ValidationReader(index: try SampleIndex(root: Self.tree, split: .val))
        let scores = try Validation.segmentation(RoadEverywhere(), reader: reader)
        let labels = try reader.batch([0, 1, 2]).labels.scalars.filter { $0 < 19 }
        let road = Double(labels.filter { $0 == 0 }.count)
        XCTAssertEqual(scores.classes[0].iou!, road / Double(labels.count), accuracy: 1e-12)
        XCTAssertEqual(scores.pixelAccuracy!, road / Double(labels.count), accuracy: 1e-12)
        XCTAssertEqual(scores.classes.compactMap(\.iou).count, Set(labels).count) // other present classes: IoU 0
        XCTAssertEqual(scores.imageCount, 3)
    }

    func testDepthMetricsOfAnUntrainedNetworkAreFiniteAndBounded() throws {
        let reader = ValidationReader(index: try SampleIndex(root: Self.tree, split: .val))
        let profile = NetworkProfile.small(widthMultiplier: 0.125)
        let network = try DepthNetwork(encoder: profile.encoder, decoder: profile.depthDecoder, rng: RandomGenerator(seed: 1))
        let metrics = try XCTUnwrap(try Validation.depth(network, reader: reader))
        XCTAssert(metrics.absRel.isFinite && metrics.absRel > 0, "\(metrics)")
        XCTAssert(metrics.a1 >= 0 && metrics.a1 <= metrics.a2 && metrics.a2 <= metrics.a3
                  && metrics.a3 <= 1, "\(metrics)")
        XCTAssertTrue(network.isTraining, "the network's mode is restored")
    }
}
