import GRDB

/// The tables of an open database as SQLite reports them (`PRAGMA table_info`,
/// `PRAGMA foreign_key_list`), ordered parents before children: columns, the integer
/// primary key (a row id that differs between databases and is remapped when rows are
/// copied) and foreign keys (which parent row a row hangs off). This is not where the
/// schema is defined (that is `Schema`): it is read back from a database file, so shard
/// merging and store comparison handle a table added by a later migration without code
/// changes.
struct IntrospectedTables {
    /// One foreign key: `column` refers to `parentTable`'s integer primary key.
    struct ForeignKey: Equatable {
        var column: String
        var parentTable: String
    }

    /// One table of the store.
    struct Table {
        var name: String
        /// Every column, in declaration order.
        var columns: [String]
        /// The INTEGER PRIMARY KEY column (an alias of the row id), if any.
        var rowIdColumn: String?
        var foreignKeys: [ForeignKey]
        /// The columns of each unique index (e.g. a selection's experiment, method,
        /// profile, seed, hashes and size), the row id's excepted.
        var uniqueKeys: [[String]] = []

        /// The columns copied into another database (the row id is assigned there).
        var copiedColumns: [String] { columns.filter { $0 != rowIdColumn } }
    }

    /// The tables, parents before children (`run` before `evaluation` before `class_iou`).
    let tables: [Table]

    /// Reads the schema of `db`, leaving out SQLite's and GRDB's own tables.
    init(_ db: Database) throws {
        let names = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table'
            AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name
            """)
        var byName: [String: Table] = [:]
        for name in names {
            let info = try Row.fetchAll(db, sql: "PRAGMA table_info(\(name.quotedDatabaseIdentifier))")
            let columns = info.map { $0["name"] as String }
            let keyColumns = info.filter { ($0["pk"] as Int) > 0 }
            var rowId: String? = nil
            if keyColumns.count == 1, (keyColumns[0]["type"] as String).uppercased() == "INTEGER" {
                rowId = keyColumns[0]["name"] as String
            }
            let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\(name.quotedDatabaseIdentifier))")
                .map { ForeignKey(column: $0["from"], parentTable: $0["table"]) }
            var uniqueKeys: [[String]] = []
            for index in try Row.fetchAll(db, sql: "PRAGMA index_list(\(name.quotedDatabaseIdentifier))")
                where (index["unique"] as Int) == 1 {
                let indexName: String = index["name"]
                let key = try Row.fetchAll(db, sql: "PRAGMA index_info(\(indexName.quotedDatabaseIdentifier))")
                    .compactMap { $0["name"] as String? }
                if !key.isEmpty, key != [rowId].compactMap({ $0 }) { uniqueKeys.append(key) }
            }
            byName[name] = Table(name: name, columns: columns, rowIdColumn: rowId, foreignKeys: keys,
                                 uniqueKeys: uniqueKeys)
        }
        // Parents first: repeatedly take the tables whose parents are all placed.
        var ordered: [Table] = [], placed = Set<String>()
        var pending = names
        while !pending.isEmpty {
            let ready = pending.filter { name in
                byName[name]!.foreignKeys.allSatisfy { placed.contains($0.parentTable) || $0.parentTable == name }
            }
            // A cycle (none in this schema) would stall: place the rest as they are.
            let next = ready.isEmpty ? pending : ready
            for name in next {
                ordered.append(byName[name]!)
                placed.insert(name)
            }
            pending.removeAll { placed.contains($0) }
        }
        tables = ordered
    }
}
