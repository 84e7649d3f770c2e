import DataPipeline
import EngineTestSupport
import Foundation
import Networks
import SelfSupervisedDepth
import TensorEngine
import Training
import XCTest

/// A segmentation model that records the images it is asked to label (the mixed batch
/// the mean teacher hands the student).
private final class RecordingSegmentationModel: SegmentationModel {
    let inner = ToySegmentationNetwork(seed: 1)
    var seen: [Tensor] = []
    func logits(_ images: Tensor, rng: inout RandomGenerator) -> Tensor {
        seen.append(images)
        return inner.logits(images, rng: &rng)
    }
    var backboneParameters: [Tensor] { inner.backboneParameters }
    var headParameters: [Tensor] { inner.headParameters }
    func setTraining(_ training: Bool) {}
    func stateDict() -> [String: Tensor] { inner.stateDict() }
    func load(stateDict: [String: Tensor]) throws { try inner.load(stateDict: stateDict) }
}

/// Experiment 212's multi-task training: a short run is deterministic, resumes exactly
/// (network, pose network, teacher, optimiser), and online DepthMix mixes by the depth
/// the student predicts.
final class MultiTaskTrainerTests: XCTestCase {
    private let profile = NetworkSettings.small(widthMultiplier: 0.125)
    private let semi = SemiSupervisedSettings(mix: .depthMix, onlyUnlabelled: false, depthSource: .online)

    private func reader() throws -> (SampleIndex, SampleReader) {
        let index = try SampleIndex(root: SegmentationTrainerTests.tree, split: .train)
        return (index, try SampleReader(index: index, augmentation: AugmentationSettings(cropWidth: 32, cropHeight: 32)))
    }

    private func settings(iterations: Int) -> SegmentationTrainingSettings {
        SegmentationTrainingSettings(iterations: iterations, decayEvery: 4, validationInterval: 0, checkpointInterval: 2)
    }

    /// A trainer with the mean teacher and online DepthMix; networks from `seed`.
    private func trainer(iterations: Int, folder: String, seed: UInt64, start: Int) throws
        -> (MultiTaskTrainer, TrainingLoader) {
        let rng = RandomGenerator(seed: seed)
        func make() throws -> MultiTaskNetwork {
            try MultiTaskNetwork(encoder: profile.encoder, depthDecoder: profile.depthDecoder,
                                 decoder: MultiTaskSettings().decoder(classes: 19), rng: rng.split("net"))
        }
        let network = try make()
        let pose = try PoseNetwork(config: profile.pose, rng: rng.split("pose"))
        let (index, reader) = try reader()
        let labelled = [0, 1, 2] // an array: a Set's order differs between instances
        let stream = try TrainingLoader(reader: reader, samples: Array(0..<index.count), batchSize: 2, loadLabels: true,
                                        seed: 21, labelledSamples: Set(labelled), start: start)
        let mixing = try MeanTeacherMixing(settings: semi, teacher: try make(), student: network, stream: stream,
                                           pseudoDepth: nil)
        let trainer = MultiTaskTrainer(network: network, pose: pose, settings: settings(iterations: iterations),
                                       multiTask: MultiTaskSettings(), loss: try MonodepthLoss(),
                                       checkpoints: try CheckpointFolder(path: folder, configurationHash: "m"),
                                       seed: 5, semiSupervised: mixing)
        let loader = try TrainingLoader(reader: reader, samples: labelled, batchSize: 2, loadLabels: true,
                                        seed: 8, start: start)
        return (trainer, loader)
    }

    /// A step's terms as the loop reports them.
    static func terms(_ p: TrainingProgress) -> MultiTaskStepTerms {
        MultiTaskStepTerms(total: p.term("total"), monodepth: p.term("monodepth"), segmentation: p.term("segmentation"),
                           unlabelledMonodepth: p.term("unlabelled_monodepth"), pseudoLabel: p.term("pseudo_label"),
                           confidentShare: p.term("confident_share"))
    }

    func testShortRunIsDeterministicAndResumesExactly() throws {
        let a = try TemporaryFolder("mtl-a"), b = try TemporaryFolder("mtl-b"), c = try TemporaryFolder("mtl-c")
        defer { a.remove(); b.remove(); c.remove() }
        let (full, fullLoader) = try trainer(iterations: 5, folder: a.path, seed: 1, start: 0)
        var terms: [MultiTaskStepTerms] = []
        _ = try full.train(from: 0, loader: fullLoader) { terms.append(Self.terms($0)) }
        XCTAssertEqual(terms.count, 5)
        for t in terms {
            XCTAssertGreaterThan(t.monodepth, 0)
            XCTAssertGreaterThan(t.unlabelledMonodepth, 0)
            XCTAssertGreaterThan(t.segmentation, 1) // cross-entropy over 19 classes from ~ln 19
            XCTAssertEqual(t.total, t.monodepth + t.segmentation + t.unlabelledMonodepth + t.pseudoLabel, accuracy: 1e-5)
        }
        // Same seed, same thread count: bit-identical.
        let (again, againLoader) = try trainer(iterations: 5, folder: b.path, seed: 1, start: 0)
        var againTerms: [MultiTaskStepTerms] = []
        _ = try again.train(from: 0, loader: againLoader) { againTerms.append(Self.terms($0)) }
        XCTAssertEqual(againTerms, terms)
        XCTAssertEqual(again.modelState().mapValues(\.scalars), full.modelState().mapValues(\.scalars))
        // Interrupted after the step-4 checkpoint, resumed by networks of another seed.
        let (first, firstLoader) = try trainer(iterations: 4, folder: c.path, seed: 1, start: 0)
        _ = try first.train(from: 0, loader: firstLoader)
        let probe = try trainer(iterations: 5, folder: c.path, seed: 77, start: 0).0
        let start = try probe.resume()
        XCTAssertEqual(start, 4)
        let (resumed, resumedLoader) = try trainer(iterations: 5, folder: c.path, seed: 77, start: start)
        XCTAssertEqual(try resumed.resume(), 4)
        _ = try resumed.train(from: start, loader: resumedLoader)
        let expected = full.modelState()
        XCTAssertEqual(Set(expected.keys), Set(resumed.modelState().keys))
        XCTAssertTrue(expected.keys.contains { $0.hasPrefix("teacher.") } && expected.keys.contains { $0.hasPrefix("pose_network.") })
        for (name, tensor) in resumed.modelState() {
            XCTAssertEqual(tensor.scalars, expected[name]!.scalars, name)
        }
    }

    /// The pose network moves at its own (tiny) learning rate: after one step its change
    /// is about 1e-6 / 1e-2 of what the decoder's would be at the same gradient.
    func testPoseNetworkTrainsAtThePoseLearningRate() throws {
        let folder = try TemporaryFolder("mtl-pose")
        defer { folder.remove() }
        let (t, loader) = try trainer(iterations: 1, folder: folder.path, seed: 1, start: 0)
        let before = t.pose.parameters().map(\.scalars)
        _ = try t.train(from: 0, loader: loader)
        var largest: Float = 0
        for (p, b) in zip(t.pose.parameters(), before) {
            for (x, y) in zip(p.scalars, b) { largest = max(largest, abs(x - y)) }
        }
        XCTAssertGreaterThan(largest, 0)
        XCTAssertLessThan(largest, 1e-5) // lr 1e-6 x a clipped gradient (norm <= 10) + weight decay
    }

    /// Online DepthMix on a constructed case: the disparities handed over by the student
    /// (raw, any scale) are normalised per image, and image i is pasted over the other
    /// where its disparity >= the other's - 0.03; the student sees exactly that mix.
    func testOnlineDepthMixMasksComeFromTheStudentsDisparity() throws {
        let (index, reader) = try reader()
        let stream = try TrainingLoader(reader: try SampleReader(index: index, frameOffsets: [0], augmentation:
                                            AugmentationSettings(cropWidth: 32, cropHeight: 32)),
                                        samples: Array(0..<index.count), batchSize: 2, loadLabels: false, seed: 3)
        _ = reader
        let settings = SemiSupervisedSettings(mix: .depthMix, onlyUnlabelled: true, colorJitter: false, blur: false,
                                              depthSource: .online)
        let student = RecordingSegmentationModel(), teacher = RecordingSegmentationModel()
        let mixing = try MeanTeacherMixing(settings: settings, teacher: teacher, student: student, stream: stream,
                                           pseudoDepth: nil)
        var images: Tensor? = nil
        // Image 0 nearer on the right (disparity rising with x), image 1 on the left; raw
        // scales differ, so only per-image normalisation makes the comparison fair.
        var values: [Float] = []
        for k in 0..<2 {
            for _ in 0..<32 {
                for x in 0..<32 {
                    let t = Float(x) / 31
                    values.append(k == 0 ? 0.1 + 0.3 * t : 0.5 + 0.05 * (1 - t))
                }
            }
        }
        let disparities = Tensor(values, shape: [2, 1, 32, 32])
        _ = try mixing.backward(student: student, step: 0, rng: RandomGenerator(seed: 1)) { batch in
            images = batch.augmentedColors[0]!
            return disparities
        }
        guard let inputs = images, let mixed = student.seen.last else { return XCTFail("no online depth request") }
        XCTAssertEqual(mixed.shape, [2, 3, 32, 32])
        // Normalised: d0 = x / 31, d1 = (31 - x) / 31. Mask 0: x / 31 >= (31 - x) / 31 - 0.03,
        // i.e. x >= 16; mask 1: x <= 15.
        for c in 0..<3 {
            for y in 0..<32 {
                for x in 0..<32 {
                    let a = inputs.data[((0 * 3 + c) * 32 + y) * 32 + x], b = inputs.data[((1 * 3 + c) * 32 + y) * 32 + x]
                    XCTAssertEqual(mixed.data[((0 * 3 + c) * 32 + y) * 32 + x], x >= 16 ? a : b, "image 0 at \(x),\(y)")
                    XCTAssertEqual(mixed.data[((1 * 3 + c) * 32 + y) * 32 + x], x <= 15 ? b : a, "image 1 at \(x),\(y)")
                }
            }
        }
        // Without the closure, online DepthMix is refused with a clear message.
        XCTAssertThrowsError(try mixing.backward(student: student, step: 1, rng: RandomGenerator(seed: 1))) {
            XCTAssertTrue("\($0)".contains("online depth"), "\($0)")
        }
    }
}
