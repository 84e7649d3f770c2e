import GRDB

/// A shard read whole (shards hold one grid entry: small), opened read-only.
struct ShardContents {
    var migrations: Set<String>
    var rows: [String: [Row]]

    init(path: String) throws {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            (migrations, rows) = try queue.read { db in
                guard try db.tableExists("grdb_migrations") else {
                    throw MergeError.unreadableShard(path: path, reason: "not a results store (no migrations table)")
                }
                let migrations = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
                var rows: [String: [Row]] = [:]
                for table in try IntrospectedTables(db).tables {
                    rows[table.name] = try Row.fetchAll(db, sql: "SELECT * FROM \(table.name.quotedDatabaseIdentifier) ORDER BY rowid")
                }
                return (migrations, rows)
            }
        } catch let error as MergeError {
            throw error
        } catch {
            throw MergeError.unreadableShard(path: path, reason: "\(error)")
        }
    }
}
