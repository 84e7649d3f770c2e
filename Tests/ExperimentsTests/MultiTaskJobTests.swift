import DataPipeline
import EngineTestSupport
import ExperimentTestSupport
@testable import Experiments
import Foundation
import Networks
import TensorEngine
import Training
import XCTest

/// Experiment 212 inside the experiment machinery: its config, a multi-task run from a
/// depth pretraining (deterministic, a network file the predictor reads), and the
/// settings that keep experiment 210's configuration hashes.
final class MultiTaskJobTests: XCTestCase {
    private func settings() -> SegmentationRunSettings {
        var s = SegmentationRunSettings.profile(.smoke)
        s.training.iterations = 3
        s.training.checkpointInterval = 2
        s.training.validationInterval = 0
        s.validationSamples = 2
        s.multiTask = MultiTaskSettings()
        s.semiSupervised = SemiSupervisedSettings(mix: .depthMix, onlyUnlabelled: false, depthSource: .online)
        return s
    }

    func testConfig212IsTheMultiTaskVariantWithOnlineDepthAtEveryProfile() throws {
        let registry = try ExperimentRegistry(folder: ExperimentDefinitionTests.repositoryConfigs)
        let definition = try registry.definition("212")
        XCTAssertEqual(definition.variants.map(\.name), ["pad_transfer_depthmix", "sel_pad_transfer_depthmix",
                                                          "pad_transfer", "sel_pad_transfer"])
        XCTAssertEqual(definition.variants.map(\.`init`), ["depth", "depth", "depth", "depth"])
        XCTAssertEqual(definition.variants.map(\.labels?.selection), [nil, "ds_us", nil, "ds_us"])
        for profile in Profile.allCases {
            for variant in definition.variants.map(\.name) {
                let s = try definition.segmentationSettings(profile: profile, variant: variant)
                XCTAssertEqual(s.multiTask, MultiTaskSettings(), "\(profile)")
                // The published "multi-task, F" / "MTL" rows train without the mean teacher.
                XCTAssertEqual(s.semiSupervised, variant.hasSuffix("depthmix")
                               ? SemiSupervisedSettings(mix: .depthMix, onlyUnlabelled: false, depthSource: .online) : nil,
                               "\(profile) \(variant)")
                XCTAssertEqual(s.networks, SegmentationRunSettings.profile(profile).networks, "\(profile)")
            }
        }
        // Settings without the new keys encode as before (experiment 210's hashes hold).
        let e210 = try registry.definition("210").segmentationSettings(profile: .quick, variant: "transfer_depthmix")
        let json = try ConfigurationHash.json(e210)
        XCTAssertFalse(json.contains("multiTask") || json.contains("depthSource"), json)
    }

    func testMultiTaskRunIsDeterministicAndItsNetworkFilePredicts() throws {
        let a = try TemporaryFolder("mtl-job-a"), b = try TemporaryFolder("mtl-job-b")
        defer { a.remove(); b.remove() }
        func run(_ folder: String) throws -> SegmentationJob {
            let job = try SegmentationJob(dataRoot: ExperimentFixtures.tree, settings: settings(), seed: 5,
                                          subset: .random(count: 4, seed: 5),
                                          initialization: .depth(path: SemiSupervisedJobTests.depthFile), folder: folder)
            try job.run(observer: LogLinesObserver())
            return job
        }
        let jobA = try run(a.path), jobB = try run(b.path)
        XCTAssertEqual(try jobA.checkpointStep(), 3)
        let first = try NetworkFile.read(jobA.finalWeights), second = try NetworkFile.read(jobB.finalWeights)
        XCTAssertEqual(first.kind, NetworkFile.multiTaskKind)
        XCTAssertEqual(first.multiTask, MultiTaskSettings().decoder(classes: 19))
        XCTAssertEqual(first.state.keys.sorted(), second.state.keys.sorted())
        for (name, t) in first.state { XCTAssertEqual(t.scalars, second.state[name]?.scalars, name) }
        // The pose network started from the depth pretraining's last checkpoint and, at
        // lr 1e-6, stayed within 1e-4 of it.
        let depthFolder = (SemiSupervisedJobTests.depthFile as NSString).deletingLastPathComponent
        let depthFile = try NetworkFile.read(SemiSupervisedJobTests.depthFile)
        let pretrained = try CheckpointFolder(path: depthFolder, configurationHash: depthFile.configurationHash)
            .latest(phase: "depth2")!.model.entries(under: "pose_network")
        let checkpoint = try CheckpointFolder(path: a.path, configurationHash: jobA.configurationHash)
            .latest(phase: MultiTaskTrainer.phase)!.model.entries(under: "pose_network")
        XCTAssertEqual(Set(pretrained.keys), Set(checkpoint.keys))
        for (name, t) in pretrained where name.hasSuffix("weight") {
            for (x, y) in zip(t.scalars, checkpoint[name]!.scalars) { XCTAssertEqual(x, y, accuracy: 1e-4, name) }
        }
        let predictor = try Predictor(files: [jobA.finalWeights])
        XCTAssertTrue(predictor.predictsSegmentation && predictor.predictsDepth)
        var rng = RandomGenerator(seed: 1)
        let image = Tensor.uniform([1, 3, 32, 64], 0, 1, rng: &rng)
        XCTAssertEqual(predictor.trainIds(image)?.count, 32 * 64)
        XCTAssertEqual(predictor.depthMetres(image)?.count, 32 * 64)
    }

    func testOnlineDepthWithoutTheMultiTaskNetworkIsRefused() throws {
        let folder = try TemporaryFolder("mtl-refused")
        defer { folder.remove() }
        var s = settings()
        s.multiTask = nil
        let job = try SegmentationJob(dataRoot: ExperimentFixtures.tree, settings: s, seed: 5,
                                      subset: .random(count: 4, seed: 5),
                                      initialization: .depth(path: SemiSupervisedJobTests.depthFile), folder: folder.path)
        XCTAssertThrowsError(try job.run(observer: LogLinesObserver())) {
            XCTAssertTrue("\($0)".contains("multiTask"), "\($0)")
        }
    }
}
