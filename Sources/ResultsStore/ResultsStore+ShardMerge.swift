import Foundation
import GRDB

extension ResultsStore {
    /// Copies a shard's runs, with everything hanging off them (evaluations, class IoUs,
    /// depth metrics, losses, timings, artifacts, and any table a later migration adds
    /// with a foreign key to them), into this store, in one transaction.
    ///
    /// Rules, per shard run (key: experiment, config name, profile, seed, subset
    /// identity, config hash, dataset hash):
    /// - key absent here: copied (new row ids; foreign keys remapped);
    /// - key here and finished (`done`): the shard run is skipped, so merging a shard
    ///   twice adds nothing and never touches a finished run;
    /// - key here unfinished (`running` or `failed`) and the shard run `done`: the
    ///   shard's finished run replaces it (the unfinished run and its rows are
    ///   deleted: a finished run supersedes the partial records of the same run);
    /// - otherwise (neither finished) the target's run is kept.
    ///
    /// Rows of tables with no foreign key (e.g. `dataset`) are copied unless an equal
    /// row (ignoring the row id) exists. The shard must have the same applied
    /// migrations as this store, and a run whose key matches a run here except for the
    /// config hash refuses the whole shard. The shard file is only read.
    @discardableResult
    public func merge(shard path: String) throws -> MergeSummary {
        guard FileManager.default.fileExists(atPath: path) else {
            throw MergeError.unreadableShard(path: path, reason: "no such file")
        }
        let shard = try ShardContents(path: path)
        let ours = Set(try pool.read { try Schema.migrator.appliedIdentifiers($0) })
        if shard.migrations != ours {
            throw MergeError.schemaMismatch(path: path, onlyInShard: shard.migrations.subtracting(ours).sorted(),
                                            onlyInTarget: ours.subtracting(shard.migrations).sorted())
        }
        return try pool.write { db in
            let tables = try IntrospectedTables(db).tables
            var summary = MergeSummary()
            // Old (shard) row id -> new (target) row id, per table.
            var idMap: [String: [Int64: Int64]] = [:]
            for table in tables {
                let rows = shard.rows[table.name] ?? []
                if table.name == Run.databaseTableName {
                    idMap[table.name] = try mergeRuns(rows, table: table, shardPath: path, db: db, summary: &summary)
                } else if table.foreignKeys.isEmpty {
                    idMap[table.name] = try mergeStandalone(rows, table: table, db: db, summary: &summary)
                } else {
                    idMap[table.name] = try copyChildren(rows, table: table, idMap: idMap, db: db)
                }
            }
            return summary
        }
    }

    /// Applies the run rules above; returns the mapping of copied run ids.
    private func mergeRuns(_ rows: [Row], table: IntrospectedTables.Table, shardPath: String, db: Database,
                           summary: inout MergeSummary) throws -> [Int64: Int64] {
        var map: [Int64: Int64] = [:]
        for row in rows.sorted(by: { ($0[Run.Columns.id] as Int64) < ($1[Run.Columns.id] as Int64) }) {
            let run = try Run(row: row)
            let sameEntry = Run.filter(Run.Columns.experiment == run.experiment
                                       && Run.Columns.configName == run.configName
                                       && Run.Columns.profile == run.profile && Run.Columns.seed == run.seed
                                       && Run.Columns.subsetIdentity == run.subsetIdentity
                                       && Run.Columns.datasetHash == run.datasetHash)
            if let other = try sameEntry.filter(Run.Columns.configHash != run.configHash).fetchOne(db) {
                throw MergeError.configHashConflict(
                    path: shardPath, run: "\(run.experiment)/\(run.configName) \(run.subsetIdentity) seed=\(run.seed) (\(run.profile))",
                    shardHash: run.configHash, targetHash: other.configHash)
            }
            let existing = try sameEntry.filter(Run.Columns.configHash == run.configHash)
                .order(Run.Columns.id.desc).fetchOne(db)
            if let existing {
                guard existing.status != .done, run.status == .done else {
                    summary.skipped += 1
                    continue
                }
                _ = try existing.delete(db) // cascades to its evaluations, losses, ...
                summary.replaced += 1
            } else {
                summary.added += 1
            }
            map[row[table.rowIdColumn!]] = try insert(row, into: table, db: db)
        }
        return map
    }

    /// Copies rows of a table without foreign keys unless an equal row exists, or a row
    /// with the same unique key (the same selection recorded by two grid tasks at
    /// different times: one copy is kept); maps every shard row id to the target's
    /// (existing or new) row.
    private func mergeStandalone(_ rows: [Row], table: IntrospectedTables.Table, db: Database,
                                 summary: inout MergeSummary) throws -> [Int64: Int64] {
        var map: [Int64: Int64] = [:]
        func matching(_ columns: [String]) -> String {
            "SELECT \(table.rowIdColumn?.quotedDatabaseIdentifier ?? "rowid") FROM \(table.name.quotedDatabaseIdentifier) WHERE "
                + columns.map { "\($0.quotedDatabaseIdentifier) IS ?" }.joined(separator: " AND ") + " LIMIT 1"
        }
        let columns = table.copiedColumns
        let match = matching(columns)
        for row in rows {
            var id = try Int64.fetchOne(db, sql: match, arguments: row.arguments(columns))
            for key in table.uniqueKeys where id == nil {
                id = try Int64.fetchOne(db, sql: matching(key), arguments: row.arguments(key))
            }
            if id == nil {
                id = try insert(row, into: table, db: db)
                summary.otherRows += 1
            }
            if let key = table.rowIdColumn { map[row[key]] = id }
        }
        return map
    }

    /// Copies the rows whose parents were copied, with their foreign keys remapped.
    private func copyChildren(_ rows: [Row], table: IntrospectedTables.Table, idMap: [String: [Int64: Int64]],
                              db: Database) throws -> [Int64: Int64] {
        var map: [Int64: Int64] = [:]
        rows: for row in rows {
            var values: [String: DatabaseValue] = [:]
            for key in table.foreignKeys {
                let old: DatabaseValue = row[key.column]
                guard let oldId = Int64.fromDatabaseValue(old) else { continue } // a NULL reference stays NULL
                guard let newId = idMap[key.parentTable]?[oldId] else { continue rows } // parent not copied
                values[key.column] = newId.databaseValue
            }
            let id = try insert(row, into: table, db: db, replacing: values)
            if let key = table.rowIdColumn { map[row[key]] = id }
        }
        return map
    }

    /// Inserts `row` (without its row id, with `replacing` values) and returns the new row id.
    private func insert(_ row: Row, into table: IntrospectedTables.Table, db: Database,
                        replacing: [String: DatabaseValue] = [:]) throws -> Int64 {
        let columns = table.copiedColumns
        let sql = "INSERT INTO \(table.name.quotedDatabaseIdentifier) ("
            + columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ") + ") VALUES ("
            + columns.map { _ in "?" }.joined(separator: ", ") + ")"
        let values = columns.map { replacing[$0] ?? (row[$0] as DatabaseValue) }
        try db.execute(sql: sql, arguments: StatementArguments(values))
        return db.lastInsertedRowID
    }
}
