import DataPipeline
import EngineTestSupport
import Networks
import TensorEngine
import Training
import XCTest

/// The paper's segmentation network (small profile) under the segmentation trainer:
/// it learns, and an interrupted run resumes to exactly the uninterrupted weights
/// (batch-norm statistics and dropout masks included).
final class PaperNetworkTrainingTests: XCTestCase {
    private func network(seed: UInt64) throws -> SegmentationNetwork {
        let profile = NetworkSettings.small(widthMultiplier: 0.125)
        return try SegmentationNetwork(encoder: profile.encoder, depthDecoder: profile.depthDecoder,
                                       head: profile.segmentation, rng: RandomGenerator(seed: seed))
    }

    private func loader(start: Int) throws -> TrainingLoader {
        let index = try SampleIndex(root: SegmentationTrainerTests.tree, split: .train)
        let reader = try SampleReader(index: index, frameOffsets: [0], augmentation: AugmentationSettings(
            cropWidth: 32, cropHeight: 32))
        return try TrainingLoader(reader: reader, samples: Array(0..<index.count), batchSize: 2,
                                  loadLabels: true, seed: 5, start: start)
    }

    private func settings(_ iterations: Int) -> SegmentationTrainingSettings {
        SegmentationTrainingSettings(iterations: iterations, learningRate: 0.02, backboneLearningRate: 0.002,
                                     decayEvery: 100, validationInterval: 0, checkpointInterval: 3)
    }

    func testLossFallsAndResumptionIsExact() throws {
        let a = try TemporaryFolder("paper-full"), b = try TemporaryFolder("paper-resumed")
        defer { a.remove(); b.remove() }
        let full = try network(seed: 1)
        var losses: [Float] = []
        _ = try SegmentationTrainer(network: full, settings: settings(24),
                                    checkpoints: try CheckpointFolder(path: a.path, configurationHash: "p"), seed: 9)
            .train(from: 0, loader: try loader(start: 0)) { losses.append($0.losses[0].value) }
        let first = losses.prefix(4).reduce(0, +) / 4, last = losses.suffix(4).reduce(0, +) / 4
        XCTAssertLessThan(last, 0.8 * first, "\(losses)")

        _ = try SegmentationTrainer(network: try network(seed: 1), settings: settings(21),
                                    checkpoints: try CheckpointFolder(path: b.path, configurationHash: "p"), seed: 9)
            .train(from: 0, loader: try loader(start: 0))
        let resumedNetwork = try network(seed: 77)
        let resumed = SegmentationTrainer(network: resumedNetwork, settings: settings(24),
                                          checkpoints: try CheckpointFolder(path: b.path, configurationHash: "p"), seed: 9)
        let start = try resumed.resume()
        XCTAssertEqual(start, 21)
        _ = try resumed.train(from: start, loader: try loader(start: start))
        let expected = full.stateDict(), got = resumedNetwork.stateDict()
        XCTAssertEqual(Set(expected.keys), Set(got.keys))
        for (name, t) in expected { XCTAssertEqual(got[name]!.scalars, t.scalars, name) }
    }
}
