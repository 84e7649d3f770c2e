import EngineTestSupport
import Foundation
import GRDB
import ResultsStore
import XCTest

/// Merging per-task shards into one store, and comparing stores bit for bit.
final class ShardMergeTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder("merge") }
    override func tearDown() { folder.remove() }

    private func store(_ name: String) throws -> ResultsStore { try ResultsStore(path: folder.path + "/" + name) }

    /// Records a run the way the runner does: evaluations with class IoUs and depth
    /// metrics, losses, a timing and an artifact. Values depend on the seed; `started`
    /// and `wall` stand for what differs between executions.
    @discardableResult
    private func record(into store: ResultsStore, seed: Int, configHash: String = "c0ffee", steps: [Int] = [5, 10],
                        status: RunStatus = .done, started: Double = 1_800_000_000, wall: Double = 3.5,
                        folder runs: String = "/runs/a") throws -> Int64 {
        let run = try store.insert(Run(
            experiment: "210", configName: "transfer", profile: "smoke", seed: seed, subsetSize: 8,
            subsetIdentity: "random:\(seed)", configJSON: "{\"seed\":\(seed)}", configHash: configHash,
            datasetHash: "d1", codeCommit: "abc", codeDirty: false, threads: 2, machine: "m",
            startedAt: Date(timeIntervalSince1970: started)))
        let id = run.id!
        for step in steps {
            let miou = 1.0 / Double(seed + step) // not exactly representable: bit-for-bit matters
            try store.record(Evaluation(runId: id, step: step, meanIoU: miou, pixelAccuracy: miou * 3),
                             classIoUs: [ClassIoU(evaluationId: 0, classId: 0, className: "road", iou: miou / 7),
                                         ClassIoU(evaluationId: 0, classId: 1, className: "sidewalk", iou: nil)],
                             depth: DepthMetricsRecord(evaluationId: 0, absRel: 0.1 + miou, sqRel: 0.2, rmse: 3,
                                                       rmseLog: 0.3, delta1: 0.8, delta2: 0.9, delta3: 0.95))
            try store.record(losses: [LossRecord(runId: id, phase: "segmentation", step: step, name: "total",
                                                 value: 2.0 / Double(step + seed))])
        }
        try store.record(Timing(runId: id, phase: "segmentation", wallSeconds: wall, medianStepSeconds: wall / 10))
        try store.record(Artifact(runId: id, kind: "checkpoint", path: runs + "/seed\(seed)/segmentation.safetensors"))
        if status != .running { try store.finish(runId: id, status: status, at: Date(timeIntervalSince1970: started + wall)) }
        return id
    }

    private func count(_ store: ResultsStore, _ table: String) throws -> Int {
        try DatabaseQueue(path: store.path).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)")! }
    }

    func testMergedShardsEqualADirectlyRecordedStoreAndMergingTwiceAddsNothing() throws {
        let direct = try store("direct.sqlite")
        try record(into: direct, seed: 7)
        try record(into: direct, seed: 42)
        // The shards ran elsewhere, later, slower, into another runs folder.
        let shardA = try store("shards/a.sqlite"), shardB = try store("shards/b.sqlite")
        try record(into: shardB, seed: 42, started: 1_900_000_000, wall: 9, folder: "/cluster/runs")
        try record(into: shardA, seed: 7, started: 1_900_000_500, wall: 8, folder: "/cluster/runs")
        let merged = try store("merged.sqlite")
        XCTAssertEqual(try merged.merge(shard: shardA.path).added, 1)
        XCTAssertEqual(try merged.merge(shard: shardB.path).added, 1)
        XCTAssertEqual(try StoreComparison.differences(direct, merged), [])
        XCTAssertEqual(try merged.runs().map(\.seed), [7, 42])
        let run = try XCTUnwrap(merged.runs().first)
        let evaluations = try merged.evaluations(runId: run.id!)
        XCTAssertEqual(evaluations.map(\.meanIoU), [1.0 / 12, 1.0 / 17])
        XCTAssertEqual(try merged.classIoUs(evaluationId: evaluations[1].id!).map(\.iou), [1.0 / 17 / 7, nil])
        XCTAssertEqual(try merged.depthMetrics(evaluationId: evaluations[0].id!)?.absRel, 0.1 + 1.0 / 12)
        XCTAssertEqual(try merged.losses(runId: run.id!).map(\.value), [2.0 / 12, 2.0 / 17])
        XCTAssertEqual(try merged.artifacts(runId: run.id!).map(\.path), ["/cluster/runs/seed7/segmentation.safetensors"])

        let tables = ["run", "evaluation", "class_iou", "depth_metrics", "loss", "timing", "artifact"]
        let before = try tables.map { try count(merged, $0) }
        XCTAssertEqual(before, [2, 4, 8, 4, 4, 2, 2])
        var again = MergeSummary()
        again.skipped = 1
        XCTAssertEqual(try merged.merge(shard: shardA.path), again)
        XCTAssertEqual(try merged.merge(shard: shardB.path), again)
        XCTAssertEqual(try tables.map { try count(merged, $0) }, before)
        XCTAssertEqual(try StoreComparison.differences(direct, merged), [])
    }

    func testComparisonSeesOneULPAndAMissingRow() throws {
        let a = try store("a.sqlite"), b = try store("b.sqlite")
        try record(into: a, seed: 7)
        try record(into: b, seed: 7)
        XCTAssertEqual(try StoreComparison.differences(a, b), [])
        try DatabaseQueue(path: b.path).write { db in
            let value = try Double.fetchOne(db, sql: "SELECT value FROM loss WHERE step = 10")!
            try db.execute(sql: "UPDATE loss SET value = ? WHERE step = 10", arguments: [value.nextUp])
        }
        let differences = try StoreComparison.differences(a, b)
        XCTAssertEqual(differences.count, 2, "\(differences)")
        XCTAssertTrue(differences.allSatisfy { $0.hasPrefix("loss: 1 row(s) only in") }, "\(differences)")
        try DatabaseQueue(path: b.path).write { try $0.execute(sql: "DELETE FROM class_iou WHERE class_id = 1") }
        XCTAssertTrue(try StoreComparison.differences(a, b).contains { $0.hasPrefix("class_iou: 1 row(s) only in \(a.path)") })
    }

    func testAFinishedShardRunReplacesAnUnfinishedOneAndNeverTheReverse() throws {
        let target = try store("target.sqlite")
        try record(into: target, seed: 7, steps: [5], status: .running)
        let keep = try record(into: target, seed: 42)
        let shard = try store("shard.sqlite")
        try record(into: shard, seed: 7, steps: [5, 10])
        var summary = MergeSummary()
        summary.replaced = 1
        XCTAssertEqual(try target.merge(shard: shard.path), summary)
        let runs = try target.runs()
        XCTAssertEqual(runs.map(\.seed), [42, 7])
        XCTAssertEqual(runs.map(\.status), [.done, .done])
        XCTAssertEqual(try target.evaluations(runId: runs[1].id!).map(\.step), [5, 10])
        XCTAssertEqual(try count(target, "evaluation"), 4)

        // An unfinished shard run never replaces a finished one, and the finished
        // run's rows stay as they were.
        let before = try StoreComparison.canonicalSnapshot(target)
        let partial = try store("partial.sqlite")
        try record(into: partial, seed: 42, steps: [5], status: .running)
        try record(into: partial, seed: 7, steps: [5], status: .failed)
        XCTAssertEqual(try target.merge(shard: partial.path).skipped, 2)
        XCTAssertEqual(try StoreComparison.canonicalSnapshot(target), before)
        XCTAssertEqual(try target.run(id: keep)?.status, .done)
    }

    func testAShardWithAnotherSchemaIsRefusedAndNamed() throws {
        let target = try store("target.sqlite")
        try record(into: target, seed: 42)
        let shard = try store("future.sqlite")
        try record(into: shard, seed: 7)
        try DatabaseQueue(path: shard.path).write {
            try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9: from the future')")
        }
        XCTAssertThrowsError(try target.merge(shard: shard.path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(shard.path), message)
            XCTAssertTrue(message.contains("only in the shard: v9: from the future"), message)
        }
        XCTAssertEqual(try target.runs().map(\.seed), [42])
    }

    func testAConfigHashConflictRefusesTheShardAndNamesTheRun() throws {
        let target = try store("target.sqlite")
        try record(into: target, seed: 42, configHash: "aaaa")
        let shard = try store("shard.sqlite")
        try record(into: shard, seed: 7) // a good run first: the refusal writes nothing of the shard
        try record(into: shard, seed: 42, configHash: "bbbb")
        let before = try StoreComparison.canonicalSnapshot(target)
        XCTAssertThrowsError(try target.merge(shard: shard.path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(shard.path), message)
            XCTAssertTrue(message.contains("run 210/transfer random:42 seed=42 (smoke)"), message)
            XCTAssertTrue(message.contains("bbbb") && message.contains("aaaa"), message)
        }
        XCTAssertEqual(try StoreComparison.canonicalSnapshot(target), before)
    }

    func testMissingAndCorruptShardsAreNamed() throws {
        let target = try store("target.sqlite")
        try record(into: target, seed: 42)
        let missing = folder.path + "/nope.sqlite"
        XCTAssertThrowsError(try target.merge(shard: missing)) {
            XCTAssertEqual("\($0)", "cannot merge shard \(missing): no such file")
        }
        let corrupt = folder.path + "/corrupt.sqlite"
        try Data(repeating: 0x5a, count: 4096).write(to: URL(fileURLWithPath: corrupt))
        XCTAssertThrowsError(try target.merge(shard: corrupt)) {
            XCTAssertTrue("\($0)".hasPrefix("cannot merge shard \(corrupt): "), "\($0)")
        }
        let foreign = folder.path + "/foreign.sqlite"
        try DatabaseQueue(path: foreign).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        XCTAssertThrowsError(try target.merge(shard: foreign)) {
            XCTAssertEqual("\($0)", "cannot merge shard \(foreign): not a results store (no migrations table)")
        }
        XCTAssertEqual(try count(target, "evaluation"), 2)
    }

    func testRowsWithoutARunAreCopiedOnce() throws {
        let target = try store("target.sqlite")
        let shard = try store("shard.sqlite")
        try shard.record(DatasetRecord(root: "/d", generator: "synthcity", seed: 1, settingsHash: "h", statsJSON: "{}",
                                       recordedAt: Date(timeIntervalSince1970: 1_800_000_000)))
        XCTAssertEqual(try target.merge(shard: shard.path).otherRows, 1)
        XCTAssertEqual(try target.merge(shard: shard.path).otherRows, 0)
        XCTAssertEqual(try target.dataset(settingsHash: "h")?.statsJSON, "{}")
        XCTAssertEqual(try count(target, "dataset"), 1)
    }

    /// Two grid tasks that read one label selection record it each in its own shard, at
    /// different times: the merge keeps one copy (by the selection's unique key).
    func testOneSelectionRecordedByTwoShardsIsMergedOnce() throws {
        let target = try store("target.sqlite")
        for (k, time) in [1_800_000_000.0, 1_800_000_100.0].enumerated() {
            let shard = try store("shard\(k).sqlite")
            try shard.record(SelectionRecord(experiment: "211", method: "ds_us", profile: "smoke", seed: 42,
                                             configHash: "h", datasetHash: "d", names: ["b_1", "a_2"], path: "/n2.json",
                                             recordedAt: Date(timeIntervalSince1970: time)))
            XCTAssertNoThrow(try target.merge(shard: shard.path))
        }
        XCTAssertEqual(try count(target, "selection"), 1)
        XCTAssertEqual(try target.selections(profile: "smoke").map { try $0.names() }, [["b_1", "a_2"]])
    }
}
