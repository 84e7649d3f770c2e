import Foundation

/// Why the results store could not be opened or written. Messages name the file.
public enum ResultsStoreError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    /// No file at the path given for reading.
    case missing(path: String)
    /// The file is not a SQLite database.
    case notADatabase(path: String)
    case unknownRun(id: Int64)
    /// A selection stored before with other names under the same key and size.
    case conflictingSelection(method: String, seed: Int, size: Int)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "cannot open results database \(path): \(reason)"
        case let .missing(path): return "results database \(path) does not exist"
        case let .notADatabase(path): return "\(path) is not a SQLite results database"
        case let .unknownRun(id): return "no run with id \(id) in the results database"
        case let .conflictingSelection(method, seed, size):
            return "the results database already holds a different \(method) selection of \(size) samples for seed \(seed) "
                + "under the same configuration hash"
        }
    }
}
