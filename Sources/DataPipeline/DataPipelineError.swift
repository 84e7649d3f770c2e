/// Why the loader could not produce a sample. Every case names the file, folder or
/// sample it is about, so the message alone tells the user what to fix.
public enum DataPipelineError: Error, Equatable, CustomStringConvertible {
    /// The split folder holds no `*_leftImg8bit.png` files.
    case noSamples(folder: String)
    /// A file the sample needs does not exist.
    case missingFile(path: String)
    /// A file exists but could not be read or decoded.
    case unreadableFile(path: String, reason: String)
    /// An image's size differs from the size of the sample's labelled frame.
    case sizeMismatch(path: String, expected: (width: Int, height: Int), found: (width: Int, height: Int))
    /// A labelled-subset name matches no training sample.
    case unknownSampleName(String, subsetFile: String?)
    /// A labelled-subset request that cannot be met.
    case invalidSubset(String)
    /// Loader settings that cannot work with this tree.
    case invalidSettings(String)

    public var description: String {
        switch self {
        case .noSamples(let folder):
            return "no *_leftImg8bit.png files under \(folder)"
        case .missingFile(let path):
            return "missing file \(path)"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .sizeMismatch(let path, let expected, let found):
            return "\(path) is \(found.width)x\(found.height), expected \(expected.width)x\(expected.height)"
        case .unknownSampleName(let name, let file):
            return "labelled-subset name '\(name)'\(file.map { " (from \($0))" } ?? "") matches no training sample"
        case .invalidSubset(let why):
            return "invalid labelled subset: \(why)"
        case .invalidSettings(let why):
            return "invalid loader settings: \(why)"
        }
    }

    public static func == (a: DataPipelineError, b: DataPipelineError) -> Bool {
        a.description == b.description
    }
}
