import EngineTestSupport
import Foundation
import GRDB
import ResultsStore
import XCTest

/// Every record's `Columns` constants name columns of the migrated schema, the same
/// columns the record writes (a mistyped or stale column name fails here, not in a
/// query at run time).
final class RecordColumnsTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder("columns") }
    override func tearDown() { folder.remove() }

    /// One record type: its table, every `Columns` constant, and a value with every
    /// optional set (so it encodes every property).
    private struct Case {
        var table: String
        var columns: [Column]
        var encoded: [String: DatabaseValue]
    }

    private func cases() throws -> [Case] {
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        typealias R = Run.Columns
        typealias E = Evaluation.Columns
        typealias C = ClassIoU.Columns
        typealias D = DepthMetricsRecord.Columns
        typealias T = Timing.Columns
        typealias A = Artifact.Columns
        typealias S = DatasetRecord.Columns
        typealias L = LossRecord.Columns
        typealias P = SelectionRecord.Columns
        return [
            Case(table: Run.databaseTableName,
                 columns: [R.id, R.experiment, R.configName, R.profile, R.seed, R.subsetSize, R.subsetIdentity,
                           R.configJSON, R.configHash, R.datasetHash, R.codeCommit, R.codeDirty, R.threads,
                           R.machine, R.startedAt, R.endedAt, R.status, R.message],
                 encoded: try Run(id: 1, experiment: "210", configName: "transfer", profile: "smoke", seed: 1,
                                  subsetSize: 8, subsetIdentity: "all", configJSON: "{}", configHash: "c",
                                  datasetHash: "d", codeCommit: "abc", codeDirty: false, threads: 2, machine: "m",
                                  startedAt: date, endedAt: date, status: .failed, message: "x").databaseDictionary),
            Case(table: Evaluation.databaseTableName,
                 columns: [E.id, E.runId, E.step, E.split, E.meanIoU, E.pixelAccuracy],
                 encoded: try Evaluation(id: 1, runId: 1, step: 5, meanIoU: 0.5, pixelAccuracy: 0.5).databaseDictionary),
            Case(table: ClassIoU.databaseTableName,
                 columns: [C.evaluationId, C.classId, C.className, C.iou],
                 encoded: try ClassIoU(evaluationId: 1, classId: 0, className: "road", iou: 0.5).databaseDictionary),
            Case(table: DepthMetricsRecord.databaseTableName,
                 columns: [D.evaluationId, D.absRel, D.sqRel, D.rmse, D.rmseLog, D.delta1, D.delta2, D.delta3],
                 encoded: try DepthMetricsRecord(evaluationId: 1, absRel: 0.1, sqRel: 1, rmse: 6, rmseLog: 0.2,
                                                 delta1: 0.8, delta2: 0.9, delta3: 0.95).databaseDictionary),
            Case(table: Timing.databaseTableName,
                 columns: [T.runId, T.phase, T.wallSeconds, T.medianStepSeconds, T.p90StepSeconds,
                           T.samplesPerSecond, T.peakMemoryBytes],
                 encoded: try Timing(runId: 1, phase: "segmentation", wallSeconds: 1, medianStepSeconds: 0.1,
                                     p90StepSeconds: 0.2, samplesPerSecond: 10, peakMemoryBytes: 1).databaseDictionary),
            Case(table: Artifact.databaseTableName,
                 columns: [A.runId, A.kind, A.path],
                 encoded: try Artifact(runId: 1, kind: "checkpoint", path: "/a").databaseDictionary),
            Case(table: DatasetRecord.databaseTableName,
                 columns: [S.id, S.root, S.generator, S.seed, S.settingsHash, S.statsJSON, S.recordedAt],
                 encoded: try DatasetRecord(id: 1, root: "/d", generator: "synthcity", seed: 3, settingsHash: "h",
                                            statsJSON: "{}", recordedAt: date).databaseDictionary),
            Case(table: LossRecord.databaseTableName,
                 columns: [L.runId, L.phase, L.step, L.name, L.value],
                 encoded: try LossRecord(runId: 1, phase: "segmentation", step: 5, name: "total",
                                         value: 1).databaseDictionary),
            Case(table: SelectionRecord.databaseTableName,
                 columns: [P.id, P.experiment, P.method, P.profile, P.seed, P.configHash, P.datasetHash, P.size,
                           P.namesJSON, P.path, P.recordedAt],
                 encoded: try SelectionRecord(id: 1, experiment: "211", method: "ds", profile: "smoke", seed: 1,
                                              configHash: "c", datasetHash: "d", names: ["a"], path: "/s",
                                              recordedAt: date).databaseDictionary),
        ]
    }

    /// The column names of every table of a freshly migrated store.
    private func migratedColumns() throws -> [String: [String]] {
        let store = try ResultsStore(path: folder.path + "/results.db")
        return try DatabaseQueue(path: store.path).read { db in
            var out: [String: [String]] = [:]
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
                out[table] = try db.columns(in: table).map(\.name)
            }
            return out
        }
    }

    func testEveryColumnsConstantNamesAColumnOfItsTable() throws {
        let schema = try migratedColumns()
        let cases = try cases()
        // Every table of the schema but SQLite's and GRDB's own has a record type here.
        XCTAssertEqual(Set(cases.map(\.table)),
                       Set(schema.keys.filter { !$0.hasPrefix("sqlite_") && !$0.hasPrefix("grdb_") }))
        for record in cases {
            let tableColumns = try XCTUnwrap(schema[record.table], "no table \(record.table)")
            let names = record.columns.map(\.name)
            for name in names {
                XCTAssertTrue(tableColumns.contains(name), "\(record.table).Columns names \(name): no such column")
            }
            XCTAssertEqual(names.count, Set(names).count, "\(record.table).Columns names a column twice")
            // The constants cover the table, and name exactly the columns the record writes.
            XCTAssertEqual(Set(names), Set(tableColumns), "\(record.table): Columns and schema differ")
            XCTAssertEqual(Set(names), Set(record.encoded.keys), "\(record.table): Columns and encoding differ")
        }
    }

    func testColumnsAreSnakeCase() {
        XCTAssertEqual(Evaluation.Columns.meanIoU.name, "mean_iou")
        XCTAssertEqual(Run.Columns.configJSON.name, "config_json")
        XCTAssertEqual(Timing.Columns.p90StepSeconds.name, "p90_step_seconds")
        XCTAssertEqual(ClassIoU.Columns.evaluationId.name, "evaluation_id")
        XCTAssertEqual(DepthMetricsRecord.Columns.delta1.name, "delta1")
    }

    func testComparisonRulesNameColumnsOfTheSchema() throws {
        XCTAssertEqual(StoreComparison.ignoredColumns, [
            "run": ["started_at", "ended_at", "machine"],
            "timing": ["wall_seconds", "median_step_seconds", "p90_step_seconds", "samples_per_second",
                       "peak_memory_bytes"],
            "dataset": ["recorded_at", "root"],
            "selection": ["recorded_at"],
        ])
        XCTAssertEqual(StoreComparison.pathColumns, ["artifact": ["path"], "selection": ["path"]])
        let schema = try migratedColumns()
        for rules in [StoreComparison.ignoredColumns, StoreComparison.pathColumns] {
            for (table, columns) in rules {
                let tableColumns = try XCTUnwrap(schema[table], "no table \(table)")
                XCTAssertTrue(columns.isSubset(of: tableColumns), "\(table): \(columns) not all columns")
            }
        }
    }
}
