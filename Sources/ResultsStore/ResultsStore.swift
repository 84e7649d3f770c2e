import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The results database: one SQLite file in WAL mode (readers never block the
/// writer, and a killed writer loses at most its open transaction), migrated to the
/// newest schema when opened. Every write that belongs together (an evaluation and
/// its class IoUs and depth metrics) is one transaction.
///
/// The schema is defined in `Schema.swift` and readable with plain sqlite3,
/// e.g. `sqlite3 results.db "select config_name, seed, mean_iou from run join
/// evaluation on evaluation.run_id = run.id"`.
public final class ResultsStore: @unchecked Sendable {
    /// The database file.
    public let path: String
    /// The connection pool, or a read-only connection (internal: merge and comparison
    /// extensions use it).
    let pool: any DatabaseWriter
    /// Whether the store was opened for reading only.
    public let isReadOnly: Bool

    /// Opens (creating when absent) the database at `path` and migrates it.
    public init(path: String) throws {
        self.path = path
        isReadOnly = false
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        // Processes opening the same new file at once would both switch it to WAL and both
        // run the migrations; a lock file next to it makes them take turns.
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else {
            throw ResultsStoreError.cannotOpen(path: path, reason: "cannot create \(path).lock: \(String(cString: strerror(errno)))")
        }
        flock(lock, LOCK_EX)
        defer {
            flock(lock, LOCK_UN)
            close(lock)
        }
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(pool)
        } catch {
            throw ResultsStoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// Opens an existing results database for reading only: nothing is created or changed
    /// next to it (no lock file, no journal mode switch, no migration). A missing file,
    /// or one that is not SQLite, is an error naming it. A database of an older schema is
    /// opened as `init(path:)` would, migrating it.
    public static func openExisting(path: String) throws -> ResultsStore {
        try checkExisting(path: path)
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let queue: DatabaseQueue
        let upToDate: Bool
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            upToDate = try queue.read { try Schema.migrator.hasCompletedMigrations($0) }
        } catch {
            throw ResultsStoreError.cannotOpen(path: path, reason: "\(error)")
        }
        return upToDate ? ResultsStore(path: path, readOnly: queue) : try ResultsStore(path: path)
    }

    /// Throws, naming `path`, unless it is an existing file that starts with SQLite's
    /// header (callers opening several stores check them all before opening any).
    public static func checkExisting(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ResultsStoreError.missing(path: path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ResultsStoreError.cannotOpen(path: path, reason: "not readable")
        }
        let header = (try? handle.read(upToCount: 16)) ?? nil
        try? handle.close()
        guard let header, header == Data("SQLite format 3\u{0}".utf8) else {
            throw ResultsStoreError.notADatabase(path: path)
        }
    }

    private init(path: String, readOnly queue: DatabaseQueue) {
        self.path = path
        pool = queue
        isReadOnly = true
    }

    /// Writes a self-contained copy of the database to `path` (replaced when present):
    /// one file in rollback-journal mode, no WAL or shared-memory files, so it can be
    /// committed beside a report and read with `openExisting(path:)` or plain sqlite3.
    public func exportSingleFile(to path: String) throws {
        let temporary = path + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try pool.writeWithoutTransaction { try $0.execute(sql: "VACUUM INTO ?", arguments: [temporary]) }
            let copy = try DatabaseQueue(path: temporary)
            try copy.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
            try copy.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ResultsStoreError.cannotOpen(path: path, reason: "cannot write a copy: \(error)")
        }
    }

    /// The names of the migrations applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { try Schema.migrator.appliedMigrations($0) }
    }

    // MARK: Runs

    /// Inserts a run (normally with status `.running`) and returns it with its id.
    @discardableResult
    public func insert(_ run: Run) throws -> Run {
        try pool.write { db in
            var run = run
            try run.insert(db)
            return run
        }
    }

    /// Marks a run done or failed, with its end time and message.
    public func finish(runId: Int64, status: RunStatus, message: String? = nil, at date: Date = Date()) throws {
        try pool.write { db in
            guard var run = try Run.fetchOne(db, key: runId) else { throw ResultsStoreError.unknownRun(id: runId) }
            run.status = status
            run.message = message
            run.endedAt = date
            try run.update(db)
        }
    }

    /// Marks an interrupted or failed run as running again (a resumed run keeps its id)
    /// and removes what it recorded after `step`, its newest checkpoint: evaluations
    /// (with their class IoUs and depth metrics) and losses, in one transaction, so the
    /// resumed run records those steps once.
    public func resume(runId: Int64, after step: Int) throws {
        try pool.write { db in
            guard var run = try Run.fetchOne(db, key: runId) else { throw ResultsStoreError.unknownRun(id: runId) }
            run.status = .running
            run.message = nil
            run.endedAt = nil
            try run.update(db)
            try Evaluation.filter(Evaluation.Columns.runId == runId && Evaluation.Columns.step > step).deleteAll(db)
            try LossRecord.filter(LossRecord.Columns.runId == runId && LossRecord.Columns.step > step).deleteAll(db)
        }
    }

    /// The run with `id`.
    public func run(id: Int64) throws -> Run? {
        try pool.read { try Run.fetchOne($0, key: id) }
    }

    /// Every run, oldest first, optionally of one experiment and profile.
    public func runs(experiment: String? = nil, profile: String? = nil) throws -> [Run] {
        try pool.read { db in
            var request = Run.all()
            if let experiment { request = request.filter(Run.Columns.experiment == experiment) }
            if let profile { request = request.filter(Run.Columns.profile == profile) }
            return try request.order(Run.Columns.id).fetchAll(db)
        }
    }

    /// The newest run with this key, or nil.
    public func latestRun(key: RunKey) throws -> Run? {
        try pool.read { db in
            try Run.filter(Run.Columns.experiment == key.experiment && Run.Columns.configName == key.configName
                           && Run.Columns.profile == key.profile && Run.Columns.seed == key.seed
                           && Run.Columns.subsetIdentity == key.subsetIdentity
                           && Run.Columns.configHash == key.configHash && Run.Columns.datasetHash == key.datasetHash)
                .order(Run.Columns.id.desc).fetchOne(db)
        }
    }

    // MARK: Evaluations

    /// Stores an evaluation with its class IoUs and depth metrics in one transaction;
    /// returns the evaluation's id. `classIoUs` and `depth` need no evaluation id.
    @discardableResult
    public func record(_ evaluation: Evaluation, classIoUs: [ClassIoU] = [],
                       depth: DepthMetricsRecord? = nil) throws -> Int64 {
        try pool.write { db in
            var evaluation = evaluation
            try evaluation.insert(db)
            let id = evaluation.id!
            for var row in classIoUs {
                row.evaluationId = id
                try row.insert(db)
            }
            if var depth {
                depth.evaluationId = id
                try depth.insert(db)
            }
            return id
        }
    }

    /// The evaluations of a run, by step.
    public func evaluations(runId: Int64) throws -> [Evaluation] {
        try pool.read {
            try Evaluation.filter(Evaluation.Columns.runId == runId)
                .order(Evaluation.Columns.step, Evaluation.Columns.id).fetchAll($0)
        }
    }

    /// The class IoUs of an evaluation, by class id.
    public func classIoUs(evaluationId: Int64) throws -> [ClassIoU] {
        try pool.read {
            try ClassIoU.filter(ClassIoU.Columns.evaluationId == evaluationId).order(ClassIoU.Columns.classId).fetchAll($0)
        }
    }

    /// The depth metrics of an evaluation, if it has any.
    public func depthMetrics(evaluationId: Int64) throws -> DepthMetricsRecord? {
        try pool.read { try DepthMetricsRecord.filter(DepthMetricsRecord.Columns.evaluationId == evaluationId).fetchOne($0) }
    }

    /// Whether a run has an evaluation of `split` at `step`.
    public func hasEvaluation(runId: Int64, step: Int, split: String = "val") throws -> Bool {
        try pool.read {
            try Evaluation.filter(Evaluation.Columns.runId == runId && Evaluation.Columns.step == step
                                  && Evaluation.Columns.split == split)
                .fetchCount($0) > 0
        }
    }

    // MARK: Losses

    /// Stores logged loss values (one transaction); a value already stored for the same
    /// run, phase, step and name is replaced.
    public func record(losses: [LossRecord]) throws {
        guard !losses.isEmpty else { return }
        try pool.write { db in
            for row in losses { try row.insert(db, onConflict: .replace) }
        }
    }

    /// The losses of a run, by step.
    public func losses(runId: Int64) throws -> [LossRecord] {
        try pool.read {
            try LossRecord.filter(LossRecord.Columns.runId == runId)
                .order(LossRecord.Columns.step, LossRecord.Columns.name).fetchAll($0)
        }
    }

    // MARK: Timings and artifacts

    /// Stores the timings of one phase.
    public func record(_ timing: Timing) throws {
        try pool.write { try timing.insert($0) }
    }

    /// The timings of a run, in insertion order.
    public func timings(runId: Int64) throws -> [Timing] {
        try pool.read { try Timing.filter(Timing.Columns.runId == runId).order(Column.rowID).fetchAll($0) }
    }

    /// Stores a produced file (once: recording the same run, kind and path again is a no-op).
    public func record(_ artifact: Artifact) throws {
        try pool.write { db in
            let known = try Artifact.filter(Artifact.Columns.runId == artifact.runId
                                            && Artifact.Columns.kind == artifact.kind
                                            && Artifact.Columns.path == artifact.path).fetchCount(db)
            if known == 0 { try artifact.insert(db) }
        }
    }

    /// The artifacts of a run, in insertion order.
    public func artifacts(runId: Int64) throws -> [Artifact] {
        try pool.read { try Artifact.filter(Artifact.Columns.runId == runId).order(Column.rowID).fetchAll($0) }
    }

    // MARK: Datasets

    /// Stores a dataset's statistics; returns the record with its id.
    @discardableResult
    public func record(_ dataset: DatasetRecord) throws -> DatasetRecord {
        try pool.write { db in
            var dataset = dataset
            try dataset.insert(db)
            return dataset
        }
    }

    /// The newest statistics recorded for a settings hash.
    public func dataset(settingsHash: String) throws -> DatasetRecord? {
        try pool.read {
            try DatasetRecord.filter(DatasetRecord.Columns.settingsHash == settingsHash)
                .order(DatasetRecord.Columns.id.desc).fetchOne($0)
        }
    }

    // MARK: Selections

    /// Stores a data selection once: a record with the same key and size that is already
    /// stored is kept (and returned) when its names agree; different names for the same
    /// key are an error (a selection is deterministic under its key).
    @discardableResult
    public func record(_ selection: SelectionRecord) throws -> SelectionRecord {
        try pool.write { db in
            if let known = try Self.selectionQuery(experiment: selection.experiment, method: selection.method,
                                                   profile: selection.profile, seed: selection.seed,
                                                   configHash: selection.configHash,
                                                   datasetHash: selection.datasetHash)
                .filter(SelectionRecord.Columns.size == selection.size).fetchOne(db) {
                guard known.namesJSON == selection.namesJSON else {
                    throw ResultsStoreError.conflictingSelection(method: selection.method, seed: selection.seed,
                                                                 size: selection.size)
                }
                return known
            }
            var selection = selection
            try selection.insert(db)
            return selection
        }
    }

    /// The stored selections of a key, smallest size first (configHash nil: any
    /// configuration, newest record first among equal sizes).
    public func selections(experiment: String, method: String, profile: String, seed: Int,
                           configHash: String? = nil, datasetHash: String? = nil) throws -> [SelectionRecord] {
        try pool.read { db in
            try Self.selectionQuery(experiment: experiment, method: method, profile: profile, seed: seed,
                                    configHash: configHash, datasetHash: datasetHash)
                .order(SelectionRecord.Columns.size, SelectionRecord.Columns.id.desc).fetchAll(db)
        }
    }

    /// Every stored selection of a profile (all methods and seeds), by method, seed, size.
    public func selections(profile: String) throws -> [SelectionRecord] {
        try pool.read { db in
            try SelectionRecord.filter(SelectionRecord.Columns.profile == profile)
                .order(SelectionRecord.Columns.method, SelectionRecord.Columns.seed, SelectionRecord.Columns.size,
                       SelectionRecord.Columns.id.desc).fetchAll(db)
        }
    }

    private static func selectionQuery(experiment: String, method: String, profile: String, seed: Int,
                                       configHash: String?, datasetHash: String?) -> QueryInterfaceRequest<SelectionRecord> {
        var query = SelectionRecord.filter(SelectionRecord.Columns.experiment == experiment
                                           && SelectionRecord.Columns.method == method
                                           && SelectionRecord.Columns.profile == profile
                                           && SelectionRecord.Columns.seed == seed)
        if let configHash { query = query.filter(SelectionRecord.Columns.configHash == configHash) }
        if let datasetHash { query = query.filter(SelectionRecord.Columns.datasetHash == datasetHash) }
        return query
    }

    /// SQLite's journal mode ("wal" for this store).
    public func journalMode() throws -> String {
        try pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }
}
