import DataPipeline
import EngineTestSupport
import Networks
import SelfSupervisedDepth
import TensorEngine
import Training
import XCTest

/// Depth pretraining on the paper's small networks: the photometric loss falls, phase 2
/// adds the feature distance, and an interrupted phase resumes to exactly the weights of
/// an uninterrupted one.
final class DepthPretrainerTests: XCTestCase {
    private func networks(seed: UInt64) throws -> (DepthNetwork, PoseNetwork) {
        let profile = NetworkSettings.small(widthMultiplier: 0.125)
        let root = RandomGenerator(seed: seed)
        return (try DepthNetwork(encoder: profile.encoder, decoder: profile.depthDecoder, rng: root.split("depth")),
                try PoseNetwork(config: profile.pose, rng: root.split("pose")))
    }

    private func loader(start: Int) throws -> TrainingLoader {
        let index = try SampleIndex(root: SegmentationTrainerTests.tree, split: .train)
        let reader = try SampleReader(index: index, augmentation: AugmentationSettings(cropWidth: 32, cropHeight: 32))
        return try TrainingLoader(reader: reader, samples: Array(0..<index.count), batchSize: 2,
                                  loadLabels: false, seed: 4, start: start)
    }

    private func trainer(_ nets: (DepthNetwork, PoseNetwork), iterations: Int, folder: String,
                         frozen: ResNetEncoder? = nil, featureWeight: Float = 0) throws -> DepthPretrainer {
        DepthPretrainer(depth: nets.0, pose: nets.1,
                        settings: DepthPhaseSettings(iterations: iterations, learningRate: 1e-3, decayAt: nil,
                                                     featureDistanceWeight: featureWeight, trainEncoder: true,
                                                     checkpointInterval: 3, validationInterval: 0),
                        loss: try MonodepthLoss(), checkpoints: try CheckpointFolder(path: folder, configurationHash: "d"),
                        phase: frozen == nil ? "depth1" : "depth2", frozenEncoder: frozen, seed: 6)
    }

    func testPhotometricLossFallsAndResumptionIsExact() throws {
        let a = try TemporaryFolder("depth-full"), b = try TemporaryFolder("depth-resumed")
        defer { a.remove(); b.remove() }
        let full = try networks(seed: 1)
        var totals: [Float] = []
        _ = try trainer(full, iterations: 18, folder: a.path).train(from: 0, loader: try loader(start: 0)) {
            totals.append($0.term("total"))
        }
        let first = totals.prefix(3).reduce(0, +) / 3, last = totals.suffix(3).reduce(0, +) / 3
        XCTAssertLessThan(last, first, "\(totals)")

        _ = try trainer(try networks(seed: 1), iterations: 15, folder: b.path).train(from: 0, loader: try loader(start: 0))
        let resumedNets = try networks(seed: 50)
        let resumed = try trainer(resumedNets, iterations: 18, folder: b.path)
        let start = try resumed.resume()
        XCTAssertEqual(start, 15)
        _ = try resumed.train(from: start, loader: try loader(start: start))
        let expected = try trainer(full, iterations: 18, folder: a.path).stateDict()
        let got = resumed.stateDict()
        XCTAssertEqual(Set(expected.keys), Set(got.keys))
        for (name, t) in expected { XCTAssertEqual(got[name]!.scalars, t.scalars, name) }
    }

    func testPhaseTwoAddsTheFeatureDistanceToTheFrozenEncoder() throws {
        let folder = try TemporaryFolder("depth-phase2")
        defer { folder.remove() }
        let nets = try networks(seed: 2)
        let frozen = try ResNetEncoder(config: NetworkSettings.small(widthMultiplier: 0.125).encoder,
                                       rng: RandomGenerator(seed: 0))
        try frozen.load(stateDict: nets.0.encoder.stateDict())
        let before = frozen.stateDict().mapValues(\.scalars)
        var distances: [Float] = []
        _ = try trainer(nets, iterations: 4, folder: folder.path, frozen: frozen, featureWeight: 1e-2)
            .train(from: 0, loader: try loader(start: 0)) { distances.append($0.term("feature distance")) }
        // The frozen copy runs in evaluation mode (running statistics), the trained one in
        // training mode (batch statistics), as the reference: distances are positive from
        // the start.
        XCTAssert(distances.allSatisfy { $0 > 0 && $0.isFinite }, "\(distances)")
        for (name, values) in frozen.stateDict().mapValues(\.scalars) where !name.hasSuffix("num_batches_tracked") {
            XCTAssertEqual(values, before[name]!, "frozen \(name) changed")
        }
    }
}
