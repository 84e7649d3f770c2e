import DataPipeline
import EngineTestSupport
import Foundation
import TensorEngine
import Training
import TreeTestSupport
import XCTest

/// A two-layer network small enough to train in milliseconds: a 3x3 conv "backbone"
/// with ReLU and a 1x1 conv head to 19 classes.
final class ToySegmentationNetwork: SegmentationModel {
    let conv: Tensor, bias: Tensor, head: Tensor
    init(seed: UInt64) {
        var rng = RandomGenerator(seed: seed)
        conv = Tensor.normal([8, 3, 3, 3], std: 0.3, rng: &rng, requiresGrad: true)
        bias = Tensor.zeros([8], requiresGrad: true)
        head = Tensor.normal([19, 8, 1, 1], std: 0.3, rng: &rng, requiresGrad: true)
    }
    func logits(_ images: Tensor, rng: inout RandomGenerator) -> Tensor {
        images.conv2d(conv, bias: bias, padding: 1).relu().conv2d(head)
    }
    var backboneParameters: [Tensor] { [conv, bias] }
    var headParameters: [Tensor] { [head] }
    func setTraining(_ training: Bool) {}
    func stateDict() -> [String: Tensor] { ["conv": conv, "bias": bias, "head": head] }
    func load(stateDict: [String: Tensor]) throws {
        for (name, t) in [("conv", conv), ("bias", bias), ("head", head)] {
            guard let v = stateDict[name], v.shape == t.shape else {
                throw TrainingError.invalidCheckpoint(path: "-", reason: "missing \(name)")
            }
            t.assign(v)
        }
    }
}

final class SegmentationTrainerTests: XCTestCase {
    /// 6 training sequences at 64x32 (`TinyTree`), shared by the trainer tests.
    static let tree: String = try! TinyTree.root(TinyTree.settings(seed: 2, train: 6, val: 0))

    private func loader(start: Int) throws -> TrainingLoader {
        let index = try SampleIndex(root: Self.tree, split: .train)
        let reader = try SampleReader(index: index, frameOffsets: [0], augmentation: AugmentationSettings(
            cropWidth: 32, cropHeight: 32))
        return try TrainingLoader(reader: reader, samples: Array(0..<index.count), batchSize: 2,
                                  loadLabels: true, seed: 11, start: start)
    }

    private func settings(iterations: Int) -> SegmentationTrainingSettings {
        SegmentationTrainingSettings(iterations: iterations, learningRate: 0.05, backboneLearningRate: 0.01,
                                     decayEvery: 30, validationInterval: 0, checkpointInterval: 4)
    }

    func testLossFalls() throws {
        let folder = try TemporaryFolder("seg-learn")
        defer { folder.remove() }
        let trainer = SegmentationTrainer(network: ToySegmentationNetwork(seed: 1), settings: settings(iterations: 40),
                                          checkpoints: try CheckpointFolder(path: folder.path, configurationHash: "t"),
                                          seed: 3)
        var losses: [Float] = []
        _ = try trainer.train(from: 0, loader: try loader(start: 0)) { losses.append($0.losses[0].value) }
        XCTAssertEqual(losses.count, 40)
        let first = losses.prefix(5).reduce(0, +) / 5, last = losses.suffix(5).reduce(0, +) / 5
        XCTAssertLessThan(last, 0.8 * first, "\(losses)") // from about ln(19)
    }

    func testResumingGivesTheWeightsOfAnUninterruptedRun() throws {
        let a = try TemporaryFolder("seg-full"), b = try TemporaryFolder("seg-resumed")
        defer { a.remove(); b.remove() }
        // Uninterrupted: 10 steps.
        let full = ToySegmentationNetwork(seed: 1)
        let fullTrainer = SegmentationTrainer(network: full, settings: settings(iterations: 10),
                                              checkpoints: try CheckpointFolder(path: a.path, configurationHash: "t"), seed: 3)
        _ = try fullTrainer.train(from: 0, loader: try loader(start: 0))
        // Interrupted after 8 steps (the last checkpoint), then a fresh process resumes.
        let first = SegmentationTrainer(network: ToySegmentationNetwork(seed: 1), settings: settings(iterations: 8),
                                        checkpoints: try CheckpointFolder(path: b.path, configurationHash: "t"), seed: 3)
        _ = try first.train(from: 0, loader: try loader(start: 0))
        let resumedNetwork = ToySegmentationNetwork(seed: 99) // different init: everything must come from the checkpoint
        let resumed = SegmentationTrainer(network: resumedNetwork, settings: settings(iterations: 10),
                                          checkpoints: try CheckpointFolder(path: b.path, configurationHash: "t"), seed: 3)
        let start = try resumed.resume()
        XCTAssertEqual(start, 8)
        _ = try resumed.train(from: start, loader: try loader(start: start))
        for (name, t) in full.stateDict() {
            XCTAssertEqual(resumedNetwork.stateDict()[name]!.scalars, t.scalars, name)
        }
    }

    func testNonFiniteLossStopsWithTheStep() throws {
        let folder = try TemporaryFolder("seg-nan")
        defer { folder.remove() }
        let network = ToySegmentationNetwork(seed: 1)
        network.head.data[0] = .nan
        let trainer = SegmentationTrainer(network: network, settings: settings(iterations: 5),
                                          checkpoints: try CheckpointFolder(path: folder.path, configurationHash: "t"), seed: 3)
        XCTAssertThrowsError(try trainer.train(from: 0, loader: try loader(start: 0))) {
            guard case .nonFiniteLoss(let step, let term, _) = $0 as? TrainingError else { return XCTFail("\($0)") }
            XCTAssertEqual(step, 0)
            XCTAssertEqual(term, "cross_entropy")
        }
        XCTAssertEqual(trainer.checkpoints.steps(phase: SegmentationTrainer.phase), [])
    }
}
