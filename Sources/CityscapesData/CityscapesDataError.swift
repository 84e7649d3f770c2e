/// Why a tree tool (stats, preparation) could not go on. Every message names the file.
public enum CityscapesDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file exists but cannot be read or decoded.
    case unreadable(path: String, reason: String)
    /// A file's contents do not have the expected format.
    case malformed(path: String, reason: String)
    /// A file or folder that must exist does not.
    case missing(path: String, reason: String)
    /// An output file could not be written.
    case unwritable(path: String, reason: String)

    /// The file or folder concerned.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .malformed(let path, _), .missing(let path, _),
             .unwritable(let path, _):
            return path
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read '\(path)': \(reason)"
        case .malformed(let path, let reason): return "malformed file '\(path)': \(reason)"
        case .missing(let path, let reason): return "missing '\(path)': \(reason)"
        case .unwritable(let path, let reason): return "cannot write '\(path)': \(reason)"
        }
    }
}
