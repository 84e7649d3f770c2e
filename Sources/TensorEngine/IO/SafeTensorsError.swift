/// Why a safetensors file could not be read or written. Every message names the file.
public enum SafeTensorsError: Error, Equatable, Sendable {
    /// The file could not be opened or read (missing, permissions, a directory...).
    case unreadable(path: String, reason: String)
    /// The file could not be written (missing directory, permissions, disk full...).
    case unwritable(path: String, reason: String)
    /// The header length or the JSON header is malformed (also: a truncated header).
    case invalidHeader(path: String, reason: String)
    /// One tensor's entry is inconsistent with the format or with the data buffer
    /// (unknown dtype, shape/byte-count mismatch, offsets out of range or overlapping).
    case invalidTensor(path: String, name: String, reason: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .unwritable(let path, _), .invalidHeader(let path, _),
             .invalidTensor(let path, _, _):
            return path
        }
    }
}

extension SafeTensorsError: CustomStringConvertible {
    /// E.g. "invalid safetensors file 'run/last.safetensors': tensor 'fc.weight': ...".
    public var description: String {
        switch self {
        case .unreadable(_, let reason): return "cannot read safetensors file '\(path)': \(reason)"
        case .unwritable(_, let reason): return "cannot write safetensors file '\(path)': \(reason)"
        case .invalidHeader(_, let reason): return "invalid safetensors file '\(path)': \(reason)"
        case .invalidTensor(_, let name, let reason):
            return "invalid safetensors file '\(path)': tensor '\(name)': \(reason)"
        }
    }
}
