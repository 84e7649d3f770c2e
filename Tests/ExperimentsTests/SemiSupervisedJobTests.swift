import DataPipeline
import EngineTestSupport
import ExperimentTestSupport
@testable import Experiments
import Foundation
import Networks
import TensorEngine
import Training
import XCTest

/// Segmentation with the mean teacher, ClassMix and DepthMix inside a run.
final class SemiSupervisedJobTests: XCTestCase {
    /// A depth network file trained for a few steps on the tiny tree (once per process).
    static let depthFile: String = {
        let folder = try! TemporaryFolder("semi-depth")
        var settings = DepthPretrainingSettings.profile(.smoke)
        settings.phase1.iterations = 2
        settings.phase2.iterations = 1
        settings.validationSamples = 1
        let job = try! DepthPretrainingJob(dataRoot: ExperimentFixtures.tree, settings: settings, seed: 3,
                                           folder: folder.path)
        try! job.run(observer: LogLinesObserver())
        return job.finalWeights
    }()

    private func settings(_ mix: SemiSupervisedSettings.Mix) -> SegmentationRunSettings {
        var s = SegmentationRunSettings.profile(.smoke)
        s.training.iterations = 4
        s.training.checkpointInterval = 2
        s.training.validationInterval = 0
        s.validationSamples = 2
        s.semiSupervised = SemiSupervisedSettings(mix: mix, onlyUnlabelled: mix == .classMix)
        return s
    }

    private func train(_ mix: SemiSupervisedSettings.Mix, into folder: String) throws -> (SegmentationJob, LogLinesObserver) {
        let job = try SegmentationJob(dataRoot: ExperimentFixtures.tree, settings: settings(mix), seed: 5,
                                      subset: .random(count: 4, seed: 5), initialization: .depth(path: Self.depthFile),
                                      folder: folder)
        let observer = LogLinesObserver()
        try job.run(observer: observer)
        return (job, observer)
    }

    func testShortSemiSupervisedRunsAreDeterministicAndMoveTheTeacher() throws {
        for mix in [SemiSupervisedSettings.Mix.classMix, .depthMix] {
            let a = try TemporaryFolder("semi-a"), b = try TemporaryFolder("semi-b")
            defer { a.remove(); b.remove() }
            let (jobA, _) = try train(mix, into: a.path)
            let (jobB, _) = try train(mix, into: b.path)
            let first = try SafeTensors.read(from: URL(fileURLWithPath: jobA.finalWeights)).tensors
            let second = try SafeTensors.read(from: URL(fileURLWithPath: jobB.finalWeights)).tensors
            XCTAssertEqual(first.keys.sorted(), second.keys.sorted())
            for (name, t) in first { XCTAssertEqual(t.scalars, second[name]?.scalars, "\(mix) \(name)") }
            // The checkpoint holds the teacher, which the EMA moved away from the student.
            let checkpoint = try CheckpointFolder(path: a.path, configurationHash: jobA.configurationHash)
                .latest(phase: SegmentationTrainer.phase)!
            let teacher = checkpoint.model.entries(under: "teacher")
            XCTAssertFalse(teacher.isEmpty)
            let name = try XCTUnwrap(teacher.keys.sorted().first { $0.hasPrefix("segmentation.head") && $0.hasSuffix("weight") })
            let student = try XCTUnwrap(checkpoint.model[name])
            XCTAssertNotEqual(student.scalars, teacher[name]!.scalars, name)
        }
    }
}

/// The pose-direction check reads SynthCity's ground-truth poses correctly.
final class PoseDirectionCheckTests: XCTestCase {
    func testGroundTruthMotionIsFrameOneInFrameZerosCoordinates() throws {
        let folder = try TemporaryFolder("pose-json")
        defer { folder.remove() }
        // Frame 0 turned 90 degrees about y (its z axis is world x); frame 1 is 2 m along world x.
        let json = """
            {"frames": {"0": [[0, 0, 1, 5], [0, 1, 0, 0], [-1, 0, 0, 0], [0, 0, 0, 1]],
                        "1": [[0, 0, 1, 7], [0, 1, 0, 0], [-1, 0, 0, 0], [0, 0, 0, 1]]}}
            """
        try json.write(toFile: folder.path + "/p.json", atomically: true, encoding: .utf8)
        XCTAssertEqual(try PoseDirectionCheck.groundTruthForwardMotion(folder.path + "/p.json"), 2)
    }

    func testAnUntrainedPoseNetworkIsCheckedOnMovingSamplesOnly() throws {
        let nets = NetworkSettings.small(widthMultiplier: 0.125)
        let pose = try PoseNetwork(config: nets.pose, rng: RandomGenerator(seed: 2))
        let result = try XCTUnwrap(try PoseDirectionCheck.run(pose: pose, dataRoot: ExperimentFixtures.tree, limit: 4))
        XCTAssertLessThanOrEqual(result.agreeing, result.moving)
        XCTAssertLessThanOrEqual(result.moving, 4)
    }
}
