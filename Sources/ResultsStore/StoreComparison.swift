import Foundation
import GRDB

/// Compares the contents of two results stores: the same runs with the same
/// evaluations, class IoUs, depth metrics, losses, timing phases and artifacts, with
/// every number compared bit for bit. Row ids are ignored (references are compared
/// through the row they point to), and so are values that differ between two
/// executions of the same run by nature: wall-clock times and durations, memory peaks,
/// the machine description and the folder of artifact and selection files (only the
/// file name is compared).
public enum StoreComparison {
    /// Columns left out of the comparison, per table.
    public static let ignoredColumns: [String: Set<String>] = [
        Run.databaseTableName: names(Run.Columns.startedAt, Run.Columns.endedAt, Run.Columns.machine),
        Timing.databaseTableName: names(Timing.Columns.wallSeconds, Timing.Columns.medianStepSeconds,
                                        Timing.Columns.p90StepSeconds, Timing.Columns.samplesPerSecond,
                                        Timing.Columns.peakMemoryBytes),
        DatasetRecord.databaseTableName: names(DatasetRecord.Columns.recordedAt, DatasetRecord.Columns.root),
        SelectionRecord.databaseTableName: names(SelectionRecord.Columns.recordedAt),
    ]
    /// Columns holding file paths, compared by their last path component.
    public static let pathColumns: [String: Set<String>] = [
        Artifact.databaseTableName: names(Artifact.Columns.path),
        SelectionRecord.databaseTableName: names(SelectionRecord.Columns.path),
    ]

    private static func names(_ columns: Column...) -> Set<String> { Set(columns.map(\.name)) }

    /// The differences between `a` and `b` (empty when they hold the same results),
    /// at most `limit` lines, each naming the table and the store the row is only in.
    public static func differences(_ a: ResultsStore, _ b: ResultsStore, limit: Int = 20) throws -> [String] {
        let left = try a.pool.read { try canonicalRows($0) }
        let right = try b.pool.read { try canonicalRows($0) }
        var lines: [String] = []
        // Runs first: a missing or different run explains the rows below it.
        let runs = Run.databaseTableName
        for table in Set(left.keys).union(right.keys).sorted(by: { ($0 == runs ? 0 : 1, $0) < ($1 == runs ? 0 : 1, $1) }) {
            var counts: [String: Int] = [:]
            for row in left[table] ?? [] { counts[row, default: 0] += 1 }
            for row in right[table] ?? [] { counts[row, default: 0] -= 1 }
            for (row, count) in counts.sorted(by: { $0.key < $1.key }) where count != 0 {
                let side = count > 0 ? "only in \(a.path)" : "only in \(b.path)"
                let text = row.count > 300 ? row.prefix(300) + "…" : Substring(row)
                lines.append("\(table): \(abs(count)) row(s) \(side): \(text)")
            }
        }
        return lines.count > limit ? Array(lines.prefix(limit)) + ["… and \(lines.count - limit) more"] : lines
    }

    /// Every table's rows as `canonicalRows` writes them, sorted: equal snapshots mean
    /// equal contents under this comparison's rules.
    public static func canonicalSnapshot(_ store: ResultsStore) throws -> [String: [String]] {
        try store.pool.read { try canonicalRows($0) }.mapValues { $0.sorted() }
    }

    /// Every row of every table as text: ids dropped, references replaced by a digest
    /// of the referenced row's text, doubles written with their bit patterns.
    static func canonicalRows(_ db: Database) throws -> [String: [String]] {
        let tables = try IntrospectedTables(db).tables
        var digests: [String: [Int64: String]] = [:]
        var out: [String: [String]] = [:]
        for table in tables {
            let ignored = ignoredColumns[table.name] ?? []
            let paths = pathColumns[table.name] ?? []
            let references = Dictionary(uniqueKeysWithValues: table.foreignKeys.map { ($0.column, $0.parentTable) })
            var texts: [String] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table.name.quotedDatabaseIdentifier)") {
                var parts: [String] = []
                for column in table.columns.sorted() where column != table.rowIdColumn && !ignored.contains(column) {
                    let value: DatabaseValue = row[column]
                    var text: String
                    if let parent = references[column], let id = Int64.fromDatabaseValue(value) {
                        text = "->" + (digests[parent]?[id] ?? "missing \(parent) \(id)")
                    } else if paths.contains(column), let path = String.fromDatabaseValue(value) {
                        text = (path as NSString).lastPathComponent
                    } else {
                        text = describe(value)
                    }
                    parts.append("\(column)=\(text)")
                }
                let text = parts.joined(separator: ", ")
                if let key = table.rowIdColumn, let id = Int64.fromDatabaseValue(row[key]) {
                    digests[table.name, default: [:]][id] = digest(text)
                }
                texts.append(text)
            }
            out[table.name] = texts
        }
        return out
    }

    /// A value as text; a double also as its exact bit pattern.
    private static func describe(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let v): return "\(v)"
        case .double(let v): return "\(v)[\(String(v.bitPattern, radix: 16))]"
        case .string(let s): return "'\(s)'"
        case .blob(let d): return "blob(\(d.count) bytes, \(digest(d.base64EncodedString())))"
        }
    }

    /// FNV-1a 64-bit digest of a text, as 16 hex digits.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
