import DataPipeline
import EngineTestSupport
import Evaluation
import Networks
import SelfSupervisedDepth
import TensorEngine
import Training
import TreeTestSupport
import XCTest

/// Validation helpers against direct computations.
final class ValidationTests: XCTestCase {
    static let tree: String = try! TinyTree.root(TinyTree.settings(seed: 4, train: 1, val: 3))

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
        let profile = NetworkSettings.small(widthMultiplier: 0.125)
        let network = try DepthNetwork(encoder: profile.encoder, decoder: profile.depthDecoder, rng: RandomGenerator(seed: 1))
        let metrics = try XCTUnwrap(try Validation.depth(network, reader: reader))
        XCTAssert(metrics.absRel.isFinite && metrics.absRel > 0, "\(metrics)")
        XCTAssert(metrics.a1 >= 0 && metrics.a1 <= metrics.a2 && metrics.a2 <= metrics.a3
                  && metrics.a3 <= 1, "\(metrics)")
        XCTAssertTrue(network.isTraining, "the network's mode is restored")
    }

    func testConstantDepthIsTheMedianPredictorByHand() throws {
        let reader = ValidationReader(index: try SampleIndex(root: Self.tree, split: .val))
        let metrics = try XCTUnwrap(try Validation.constantDepth(reader: reader))
        // By hand: per image, predict the median valid depth everywhere; abs_rel is the mean
        // of |gt - median| / gt over valid pixels (1e-3 < gt < 80 m), averaged over images.
        let batch = try reader.batch([0, 1, 2])
        let depth = try XCTUnwrap(batch.depth)
        let pixels = depth.count / 3
        var total = 0.0
        for k in 0..<3 {
            let gt = (0..<pixels).map { Double(depth.data[k * pixels + $0]) }.filter { $0 > 1e-3 && $0 < 80 }
            let sorted = gt.sorted()
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2]
                : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            total += gt.map { abs($0 - median) / $0 }.reduce(0, +) / Double(gt.count)
        }
        XCTAssertEqual(metrics.absRel, total / 3, accuracy: 1e-5)
        XCTAssertNil(try Validation.constantDepth(reader: ValidationReader(index: reader.index), limit: 0))
    }
}
