/// Why a PNG file could not be read or written. Every message names the file.
public enum PNGError: Error, Equatable, Sendable {
    /// The file to read does not exist.
    case fileNotFound(path: String)
    /// The file to read has no bytes at all.
    case emptyFile(path: String)
    /// The file does not start with the PNG signature.
    case notPNG(path: String)
    /// The file ends before the image does (e.g. an interrupted copy or download).
    case truncated(path: String)
    /// libpng rejected the contents (bad checksum, invalid header, broken image data).
    case corrupt(path: String, reason: String)
    /// The file could not be opened or read (permissions, a directory, I/O error...).
    case unreadable(path: String, reason: String)
    /// The file could not be written (missing directory, permissions, disk full,
    /// an image of zero size...).
    case unwritable(path: String, reason: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .fileNotFound(let path), .emptyFile(let path), .notPNG(let path),
             .truncated(let path), .corrupt(let path, _), .unreadable(let path, _),
             .unwritable(let path, _):
            return path
        }
    }
}

extension PNGError: CustomStringConvertible {
    /// E.g. "cannot read PNG 'data/x.png': file is truncated".
    public var description: String {
        switch self {
        case .fileNotFound: return "cannot read PNG '\(path)': file not found"
        case .emptyFile: return "cannot read PNG '\(path)': the file is empty"
        case .notPNG: return "cannot read PNG '\(path)': not a PNG file"
        case .truncated: return "cannot read PNG '\(path)': file is truncated"
        case .corrupt(_, let reason): return "cannot read PNG '\(path)': corrupt file (\(reason))"
        case .unreadable(_, let reason): return "cannot read PNG '\(path)': \(reason)"
        case .unwritable(_, let reason): return "cannot write PNG '\(path)': \(reason)"
        }
    }
}
