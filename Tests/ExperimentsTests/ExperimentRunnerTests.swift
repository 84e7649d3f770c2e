import EngineTestSupport
import ExperimentTestSupport
import Experiments
import Foundation
import GRDB
import ResultsStore
import TensorEngine
import Training
import XCTest

/// The runner in process: records, skipping, failures that do not stop the grid.
final class ExperimentRunnerTests: XCTestCase {
    func testGridRecordsEverythingSkipsFinishedRunsAndSurvivesADivergingRun() throws {
        let configs = try ExperimentFixtures.configs("runner-configs",
                                                     segmentation: ExperimentFixtures.segmentationYAML(diverging: true))
        let work = try TemporaryFolder("runner-work")
        defer { configs.remove(); work.remove() }
        let store = try ResultsStore(path: work.path + "/results.sqlite")
        let observer = LogLinesObserver()
        let runner = try ExperimentRunner(dataRoot: ExperimentFixtures.tree, runsFolder: work.path + "/runs", store: store,
                                          registry: try ExperimentRegistry(folder: configs.path), observer: observer,
                                          environment: RunEnvironment(commit: "abc", dirty: true, machine: "test"))
        let outcomes = try runner.run(experiment: "210", profile: .smoke)
        XCTAssertEqual(outcomes.map(\.0.variant), ["scratch", "transfer", "diverging"])
        guard case .done = outcomes[0].1, case .done = outcomes[1].1,
              case .failed(let failedId?, let message) = outcomes[2].1 else {
            return XCTFail("\(outcomes.map(\.1))\n\(observer.lines.joined(separator: "\n"))")
        }
        XCTAssertTrue(message.contains("diverged"), message)

        let runs = try store.runs()
        // The transfer variant ran the depth pretraining first.
        XCTAssertEqual(runs.map(\.configName), ["scratch", "depth", "transfer", "diverging"])
        XCTAssertEqual(runs.map(\.status), [.done, .done, .done, .failed])
        XCTAssertEqual(try store.run(id: failedId)?.message, message)
        for run in runs {
            XCTAssertEqual(run.codeCommit, "abc")
            XCTAssertTrue(run.codeDirty)
            XCTAssertEqual(run.threads, Parallel.threads)
            XCTAssertEqual(run.datasetHash.hasPrefix("synthcity:"), true)
            XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(run.configJSON.utf8)) as? [String: Any])
        }
        let scratch = runs[0], depth = runs[1]
        XCTAssertEqual(scratch.subsetSize, 4)
        XCTAssertEqual(scratch.subsetIdentity, "random:4:seed42")
        XCTAssertEqual(try store.evaluations(runId: scratch.id!).map(\.step), [3, 6])
        let last = try XCTUnwrap(try store.evaluations(runId: scratch.id!).last)
        XCTAssertEqual(try store.classIoUs(evaluationId: last.id!).count, 19)
        XCTAssertNotNil(last.meanIoU)
        // Depth: validation every 2 steps in both phases, steps counted across phases.
        let depthEvaluations = try store.evaluations(runId: depth.id!)
        XCTAssertEqual(depthEvaluations.map(\.step), [2, 4, 6])
        XCTAssertNotNil(try store.depthMetrics(evaluationId: depthEvaluations[2].id!))
        XCTAssertEqual(try store.timings(runId: depth.id!).map(\.phase), ["depth phase 1", "depth phase 2"])
        let timing = try XCTUnwrap(try store.timings(runId: scratch.id!).first)
        XCTAssertGreaterThan(timing.medianStepSeconds ?? 0, 0)
        XCTAssertGreaterThan(timing.peakMemoryBytes ?? 0, 1 << 20)
        XCTAssertEqual(try store.artifacts(runId: scratch.id!).map(\.kind), ["checkpoint"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: try store.artifacts(runId: scratch.id!)[0].path))
        XCTAssertEqual(Set(try store.losses(runId: scratch.id!).map(\.step)), Set(1...6))

        // A second pass skips the finished runs and the failed one; nothing is added.
        let counts = try rowCounts(store)
        let again = try runner.run(experiment: "210", profile: .smoke)
        XCTAssertEqual(again.map(\.1), [.alreadyDone(runId: scratch.id!), .alreadyDone(runId: runs[2].id!),
                                        .failed(runId: failedId, message: message)])
        XCTAssertEqual(try rowCounts(store), counts)

        // A finished run whose final network went missing is resumed in place (no new row,
        // no duplicated evaluation).
        try FileManager.default.removeItem(atPath: try store.artifacts(runId: scratch.id!)[0].path)
        let third = try runner.run(experiment: "210", profile: .smoke)
        XCTAssertEqual(third[0].1, .done(runId: scratch.id!))
        XCTAssertEqual(try store.evaluations(runId: scratch.id!).map(\.step), [3, 6])
        XCTAssertEqual(try store.runs().count, 4)
        XCTAssertEqual(try store.artifacts(runId: scratch.id!).count, 1)
    }

    private func rowCounts(_ store: ResultsStore) throws -> [Int] {
        try DatabaseQueue(path: store.path).read { db in
            try ["run", "evaluation", "class_iou", "depth_metrics", "timing", "artifact", "loss"].map {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1
            }
        }
    }
}

/// Variants that start from (or mix by) another depth-pretraining variant, and DepthMix
/// from the supervised start.
final class DepthPretrainingVariantRunnerTests: XCTestCase {
    func testTransferFromAnotherPretrainingAndScratchDepthMix() throws {
        let depth = ExperimentFixtures.depthYAML.replacingOccurrences(of: "profiles:\n", with: """
            variants:
              - {name: fd0, depth: {phase2: {featureDistanceWeight: 0}}}
            profiles:

            """)
        let segmentation = ExperimentFixtures.segmentationYAML().replacingOccurrences(of: "  - {name: transfer, init: depth}\n", with: """
              - {name: transfer_nofd, init: depth, pretraining: fd0}
              - {name: scratch_depthmix, init: scratch, segmentation: {semiSupervised: {mix: depth, onlyUnlabelled: false}}}
              - {name: missing, init: depth, pretraining: nope}

            """)
        let configs = try ExperimentFixtures.configs("pretraining-configs", segmentation: segmentation)
        try depth.write(toFile: configs.path + "/depth.yml", atomically: true, encoding: .utf8)
        let work = try TemporaryFolder("pretraining-work")
        defer { configs.remove(); work.remove() }
        let store = try ResultsStore(path: work.path + "/results.sqlite")
        let observer = LogLinesObserver()
        let runner = try ExperimentRunner(dataRoot: ExperimentFixtures.tree, runsFolder: work.path + "/runs", store: store,
                                          registry: try ExperimentRegistry(folder: configs.path), observer: observer,
                                          environment: RunEnvironment(commit: "abc", dirty: false, machine: "test"))
        let outcomes = try runner.run(experiment: "210", profile: .smoke)
        XCTAssertEqual(outcomes.map(\.0.variant), ["scratch", "transfer_nofd", "scratch_depthmix", "missing"])
        guard case .done = outcomes[1].1, case .done = outcomes[2].1, case .failed(nil, let message) = outcomes[3].1 else {
            return XCTFail("\(outcomes.map(\.1))\n\(observer.lines.joined(separator: "\n"))")
        }
        XCTAssertTrue(message.contains("'nope'") && message.contains("depth.yml"), message)
        // transfer_nofd trained (and started from) fd0; scratch DepthMix trained the
        // profile's own run for its masks and records that network's hash.
        let runs = try store.runs()
        XCTAssertEqual(runs.map(\.configName), ["scratch", "fd0", "transfer_nofd", "depth", "scratch_depthmix"])
        let fd0 = try XCTUnwrap(runs.first { $0.configName == "fd0" }), own = try XCTUnwrap(runs.first { $0.configName == "depth" })
        XCTAssertNotEqual(fd0.configHash, own.configHash)
        let nofd = try XCTUnwrap(runs.first { $0.configName == "transfer_nofd" }).configJSON
        XCTAssertTrue(nofd.contains(fd0.configHash) && nofd.contains("\"initialization\":\"depth\""), nofd)
        let mix = try XCTUnwrap(runs.first { $0.configName == "scratch_depthmix" }).configJSON
        XCTAssertTrue(mix.contains("\"pseudoDepthHash\":\"\(own.configHash)\"") && mix.contains("\"initialization\":\"scratch\""), mix)
        // Runs without a separate pseudo-depth network keep their hashes: no such key.
        XCTAssertFalse(try XCTUnwrap(runs.first { $0.configName == "scratch" }).configJSON.contains("pseudoDepth"))
    }
}
