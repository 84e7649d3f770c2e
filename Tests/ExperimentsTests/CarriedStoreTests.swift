import EngineTestSupport
import ExperimentTestSupport
import Experiments
import Foundation
import ResultsStore
import Training
import XCTest

/// A results store carried to a new runs folder without its network files: with
/// `finishedInStoreIsDone` its finished runs stay done, the depth pretraining later runs
/// start from is trained again, and a run's network is rebuilt bit for bit on request.
final class CarriedStoreTests: XCTestCase {
    func testACarriedStoreKeepsItsRunsAndRebuildsNetworksBitForBit() throws {
        let configs = try ExperimentFixtures.configs("carried-configs")
        let work = try TemporaryFolder("carried-work")
        defer { configs.remove(); work.remove() }
        let registry = try ExperimentRegistry(folder: configs.path)
        let environment = RunEnvironment(commit: "abc", dirty: false, machine: "test")
        let first = try ResultsStore(path: work.path + "/first.sqlite")
        let original = try ExperimentRunner(dataRoot: ExperimentFixtures.tree, runsFolder: work.path + "/runs-a",
                                            store: first, registry: registry, observer: LogLinesObserver(),
                                            environment: environment)
        let outcomes = try original.run(experiment: "210", profile: .smoke)
        XCTAssertEqual(outcomes.count, 2)
        let runs = try first.runs()
        XCTAssertEqual(runs.map(\.configName), ["scratch", "depth", "transfer"])
        try first.exportSingleFile(to: work.path + "/carried.sqlite")

        // The carried store in an empty runs folder.
        let carried = try ResultsStore(path: work.path + "/carried.sqlite")
        let observer = LogLinesObserver()
        let runner = try ExperimentRunner(dataRoot: ExperimentFixtures.tree, runsFolder: work.path + "/runs-b",
                                          store: carried, registry: registry, observer: observer, environment: environment)
        runner.finishedInStoreIsDone = true
        let scratchId = runs[0].id!, depthId = runs[1].id!, transferId = runs[2].id!
        let depthMetricsBefore = try carried.evaluations(runId: depthId).map(\.step)
        let again = try runner.run(experiment: "210", profile: .smoke)
        XCTAssertEqual(again.map(\.1), [.alreadyDone(runId: scratchId), .alreadyDone(runId: transferId)],
                       observer.lines.joined(separator: "\n"))
        // The transfer run's dependency was trained again into the new folder, in place.
        XCTAssertEqual(try carried.runs().count, 3)
        XCTAssertEqual(try carried.evaluations(runId: depthId).map(\.step), depthMetricsBefore)
        let depthFile = try XCTUnwrap(try carried.artifacts(runId: depthId).last).path
        XCTAssertTrue(depthFile.hasPrefix(work.path + "/runs-b/"), depthFile)
        XCTAssertTrue(FileManager.default.fileExists(atPath: depthFile))
        XCTAssertEqual(try carried.evaluations(runId: depthId).compactMap(\.meanIoU), [])
        XCTAssertEqual(try ExperimentRunner.headline(carried, runId: depthId), try ExperimentRunner.headline(first, runId: depthId))

        // Rebuilding a network: trained once, equal to the stored final evaluation, recorded.
        for id in [scratchId, transferId] {
            let run = try XCTUnwrap(try carried.run(id: id))
            let rebuild = try runner.rebuildNetwork(of: run)
            XCTAssertTrue(rebuild.retrained)
            XCTAssertTrue(rebuild.matches, "\(rebuild)")
            XCTAssertNotNil(rebuild.stored)
            XCTAssertTrue(FileManager.default.fileExists(atPath: rebuild.networkFile))
            XCTAssertEqual(try carried.artifacts(runId: id).last?.path, rebuild.networkFile)
            // Nothing recorded twice in the carried store.
            XCTAssertEqual(try carried.evaluations(runId: id).map(\.step), try first.evaluations(runId: id).map(\.step))
            let second = try runner.rebuildNetwork(of: run)
            XCTAssertFalse(second.retrained)
            XCTAssertTrue(second.matches)
        }
        XCTAssertEqual(try carried.runs().count, 3)

        // A run whose configuration the registry no longer builds is refused, naming it.
        var changed = try XCTUnwrap(try carried.run(id: scratchId))
        changed.configHash = "0000000000"
        XCTAssertThrowsError(try runner.rebuildNetwork(of: changed)) { error in
            XCTAssertTrue("\(error)".contains("cannot be rebuilt"), "\(error)")
        }
    }
}
