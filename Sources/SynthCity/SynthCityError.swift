/// Why SynthCity could not generate a tree. Every message names the file or value.
public enum SynthCityError: Error, Equatable, CustomStringConvertible {
    /// A setting is out of range.
    case invalidSettings(String)
    /// The output folder (or a file in it) could not be created or written.
    case unwritable(path: String, reason: String)
    /// The root already holds a Cityscapes-layout tree that SynthCity did not write
    /// (no synthcity/settings.json), which it refuses to overwrite.
    case foreignTree(root: String)

    public var description: String {
        switch self {
        case .invalidSettings(let message):
            return "invalid SynthCity settings: \(message)"
        case .unwritable(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        case .foreignTree(let root):
            return "'\(root)' already holds a Cityscapes-layout tree that SynthCity did not write "
                + "(no synthcity/settings.json); choose an empty or new folder"
        }
    }
}
