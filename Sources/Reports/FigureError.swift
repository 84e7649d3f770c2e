/// Why a figure could not be written. Names the file.
public enum FigureError: Error, CustomStringConvertible {
    case unwritable(path: String, reason: String)
    case invalidInput(String)

    public var description: String {
        switch self {
        case let .unwritable(path, reason): return "cannot write figure \(path): \(reason)"
        case let .invalidInput(why): return "cannot draw figure: \(why)"
        }
    }
}
