import EngineTestSupport
import Foundation
import GRDB
import ResultsStore
import XCTest

/// The results store: schema, WAL mode, round trips, transactions, failures.
final class ResultsStoreTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder("results") }
    override func tearDown() { folder.remove() }

    private func sampleRun(seed: Int = 42) -> Run {
        Run(experiment: "210", configName: "transfer", profile: "smoke", seed: seed, subsetSize: 100,
            subsetIdentity: "random:42", configJSON: "{\"lr\":0.01}", configHash: "c0ffee", datasetHash: "d1",
            codeCommit: "abc123", codeDirty: false, threads: 2, machine: "2 cores",
            startedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    func testMigrationsCreateADocumentedSchemaInWALMode() throws {
        let store = try ResultsStore(path: folder.path + "/sub/results.db")
        XCTAssertEqual(try store.journalMode(), "wal")
        XCTAssertEqual(try store.appliedMigrations().count, 4)
        // Plain SQL with the documented snake_case names works on the file.
        let queue = try DatabaseQueue(path: store.path)
        let tables = try queue.read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' ORDER BY name")
        }
        XCTAssertEqual(tables, ["artifact", "class_iou", "dataset", "depth_metrics", "evaluation", "loss", "run", "selection", "sqlite_sequence", "timing"])
        // Reopening applies nothing twice.
        XCTAssertEqual(try ResultsStore(path: store.path).appliedMigrations().count, 4)
    }

    func testSelectionsRoundTripInOrderAndAreStoredOnce() throws {
        let store = try ResultsStore(path: folder.path + "/results.db")
        let names = ["c_000007", "a_000002", "b_000011"]
        let first = try store.record(SelectionRecord(experiment: "211", method: "ds_us", profile: "smoke", seed: 42,
                                                     configHash: "h1", datasetHash: "d1", names: names,
                                                     path: "/runs/n3.json"))
        XCTAssertEqual(first.size, 3)
        try store.record(SelectionRecord(experiment: "211", method: "ds_us", profile: "smoke", seed: 42,
                                         configHash: "h1", datasetHash: "d1", names: Array(names.prefix(2)),
                                         path: "/runs/n2.json"))
        // The same key and size again is kept once; other names under it are refused.
        let again = try store.record(SelectionRecord(experiment: "211", method: "ds_us", profile: "smoke", seed: 42,
                                                     configHash: "h1", datasetHash: "d1", names: names, path: "/x"))
        XCTAssertEqual(again.id, first.id)
        XCTAssertThrowsError(try store.record(SelectionRecord(
            experiment: "211", method: "ds_us", profile: "smoke", seed: 42, configHash: "h1", datasetHash: "d1",
            names: names.reversed(), path: "/y")))
        let stored = try store.selections(experiment: "211", method: "ds_us", profile: "smoke", seed: 42,
                                          configHash: "h1")
        XCTAssertEqual(stored.map(\.size), [2, 3])
        XCTAssertEqual(try stored[1].names(), names)
        XCTAssertEqual(stored[1].path, "/runs/n3.json")
        XCTAssertTrue(try store.selections(experiment: "211", method: "random", profile: "smoke", seed: 42).isEmpty)
        XCTAssertEqual(try store.selections(profile: "smoke").count, 2)
    }

    func testMigrationToV4KeepsTheRowsOfAV3Database() throws {
        let path = folder.path + "/old.db"
        var runId: Int64 = 0
        do {
            let store = try ResultsStore(path: path)
            runId = try store.insert(sampleRun()).id!
            _ = try store.record(Evaluation(runId: runId, step: 10, meanIoU: 0.25, pixelAccuracy: 0.5))
        }
        // Turn the file back into a v3 database: no selection table, v4 not applied.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TABLE selection")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v4:%'")
        }
        try queue.close()
        let store = try ResultsStore(path: path)
        XCTAssertEqual(try store.appliedMigrations().count, 4)
        XCTAssertEqual(try store.run(id: runId)?.configName, "transfer")
        XCTAssertEqual(try store.evaluations(runId: runId).map(\.meanIoU), [0.25])
        try store.record(SelectionRecord(experiment: "211", method: "random", profile: "smoke", seed: 1,
                                         configHash: "h", datasetHash: "d", names: ["a"], path: "/a"))
        XCTAssertEqual(try store.selections(profile: "smoke").count, 1)
    }

    func testRunLifecycleAndEvaluationRoundTrip() throws {
        let store = try ResultsStore(path: folder.path + "/results.db")
        let run = try store.insert(sampleRun())
        let id = try XCTUnwrap(run.id)
        XCTAssertEqual(try store.run(id: id)?.status, .running)

        let classes = [ClassIoU(evaluationId: 0, classId: 0, className: "road", iou: 0.9),
                       ClassIoU(evaluationId: 0, classId: 16, className: "train", iou: nil)]
        let depth = DepthMetricsRecord(evaluationId: 0, absRel: 0.12, sqRel: 1.1, rmse: 6.2, rmseLog: 0.19,
                                       delta1: 0.86, delta2: 0.95, delta3: 0.98)
        let evaluationId = try store.record(Evaluation(runId: id, step: 500, meanIoU: 0.45, pixelAccuracy: 0.88),
                                            classIoUs: classes, depth: depth)
        try store.record(Timing(runId: id, phase: "segmentation", wallSeconds: 61.5, medianStepSeconds: 0.05,
                                p90StepSeconds: 0.07, samplesPerSecond: 40, peakMemoryBytes: 1 << 30))
        try store.record(Artifact(runId: id, kind: "checkpoint", path: "runs/x/seg-step0000500.safetensors"))
        try store.finish(runId: id, status: .done, at: Date(timeIntervalSince1970: 1_800_000_100))

        let finished = try XCTUnwrap(try store.run(id: id))
        XCTAssertEqual(finished.status, .done)
        XCTAssertEqual(finished.endedAt, Date(timeIntervalSince1970: 1_800_000_100))
        XCTAssertEqual(finished.configJSON, "{\"lr\":0.01}")
        XCTAssertEqual(try store.evaluations(runId: id).map(\.meanIoU), [0.45])
        XCTAssertEqual(try store.classIoUs(evaluationId: evaluationId).map(\.iou), [0.9, nil])
        XCTAssertEqual(try store.depthMetrics(evaluationId: evaluationId)?.rmse, 6.2)
        XCTAssertEqual(try store.timings(runId: id).first?.medianStepSeconds, 0.05)
        XCTAssertEqual(try store.artifacts(runId: id).map(\.kind), ["checkpoint"])
        XCTAssertEqual(try store.latestRun(key: run.key)?.id, id)
        XCTAssertNil(try store.latestRun(key: sampleRun(seed: 7).key))

        let queue = try DatabaseQueue(path: store.path)
        let row = try queue.read {
            try Row.fetchOne($0, sql: "SELECT config_name, seed, mean_iou FROM run JOIN evaluation ON evaluation.run_id = run.id")
        }
        XCTAssertEqual(row?["config_name"], "transfer")
        XCTAssertEqual(row?["mean_iou"], 0.45)
    }

    func testDatasetStatisticsRoundTrip() throws {
        let store = try ResultsStore(path: folder.path + "/results.db")
        XCTAssertNil(try store.dataset(settingsHash: "abc"))
        let saved = try store.record(DatasetRecord(root: "/data/sc", generator: "synthcity", seed: 3, settingsHash: "abc",
                                                   statsJSON: "{\"splits\":[]}"))
        XCTAssertNotNil(saved.id)
        let back = try XCTUnwrap(try store.dataset(settingsHash: "abc"))
        XCTAssertEqual(back.seed, 3)
        XCTAssertEqual(back.statsJSON, "{\"splits\":[]}")
    }

    func testFailedRunKeepsItsMessageAndEarlierResults() throws {
        let path = folder.path + "/results.db"
        let id = try XCTUnwrap(try ResultsStore(path: path).insert(sampleRun()).id)
        try ResultsStore(path: path).record(Evaluation(runId: id, step: 100, meanIoU: 0.2, pixelAccuracy: 0.6))
        try ResultsStore(path: path).finish(runId: id, status: .failed, message: "loss is NaN at step 140")
        let store = try ResultsStore(path: path)
        XCTAssertEqual(try store.run(id: id)?.status, .failed)
        XCTAssertEqual(try store.run(id: id)?.message, "loss is NaN at step 140")
        XCTAssertEqual(try store.evaluations(runId: id).count, 1)
        XCTAssertThrowsError(try store.finish(runId: 999, status: .done)) {
            XCTAssertEqual("\($0)", "no run with id 999 in the results database")
        }
    }

    func testAnUnopenableFileIsNamed() {
        let path = folder.path + "/not-a-db.db"
        FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x41, count: 4096))
        XCTAssertThrowsError(try ResultsStore(path: path)) {
            XCTAssert("\($0)".hasPrefix("cannot open results database \(path)"), "\($0)")
        }
    }

    func testResumeRemovesWhatARunRecordedAfterItsCheckpoint() throws {
        let store = try ResultsStore(path: folder.path + "/results.db")
        let id = try XCTUnwrap(try store.insert(sampleRun()).id)
        for step in [100, 200, 300] {
            try store.record(Evaluation(runId: id, step: step, meanIoU: Double(step) / 1000, pixelAccuracy: 0.5),
                             classIoUs: [ClassIoU(evaluationId: 0, classId: 0, className: "road", iou: 0.5)])
            try store.record(losses: [LossRecord(runId: id, phase: "segmentation", step: step, name: "total", value: 1)])
        }
        try store.finish(runId: id, status: .failed, message: "killed")
        try store.resume(runId: id, after: 200)
        let run = try XCTUnwrap(try store.run(id: id))
        XCTAssertEqual(run.status, .running)
        XCTAssertNil(run.message)
        XCTAssertNil(run.endedAt)
        XCTAssertEqual(try store.evaluations(runId: id).map(\.step), [100, 200])
        XCTAssertEqual(try store.losses(runId: id).map(\.step), [100, 200])
        XCTAssertTrue(try store.hasEvaluation(runId: id, step: 200))
        XCTAssertFalse(try store.hasEvaluation(runId: id, step: 300))
        // The class IoUs of the removed evaluation went with it.
        let orphans = try DatabaseQueue(path: store.path).read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM class_iou WHERE evaluation_id NOT IN (SELECT id FROM evaluation)")
        }
        XCTAssertEqual(orphans, 0)
        // A second evaluation of the same step is refused (the schema holds one per run, split and step).
        XCTAssertThrowsError(try store.record(Evaluation(runId: id, step: 200, meanIoU: 0.1, pixelAccuracy: 0.1)))
        // Logging a loss twice replaces it.
        try store.record(losses: [LossRecord(runId: id, phase: "segmentation", step: 200, name: "total", value: 2)])
        XCTAssertEqual(try store.losses(runId: id).map(\.value), [1, 2])
    }
}
