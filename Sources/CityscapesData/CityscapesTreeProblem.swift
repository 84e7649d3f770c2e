/// One thing wrong with a Cityscapes-layout tree, found by `CityscapesTreeChecker`.
///
/// `path` is the file (or folder) the problem is about; `description` is one line
/// naming it. Problems sort by path, then kind, then detail, so a report lists them in
/// the same order however the work was split over threads.
public struct CityscapesTreeProblem: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of problem the checker reports.
    public enum Kind: String, CaseIterable, Comparable, Sendable {
        /// An expected file (or the leftImg8bit / gtFine folder) does not exist.
        case missingFile = "missing file"
        /// A file belonging to no labelled frame (e.g. a label without its image).
        case orphanFile = "orphan file"
        /// A file whose name does not follow `{city}_{seq:06d}_{frame:06d}_{suffix}` in
        /// its city's folder, or a file outside any city folder.
        case misnamedFile = "misnamed file"
        /// A PNG that cannot be decoded: empty, not a PNG, truncated or corrupt.
        case unreadablePNG = "unreadable PNG"
        /// A PNG with the wrong layout (e.g. a colour label-id image).
        case wrongPixelKind = "wrong pixel kind"
        /// An image whose size differs from the sample's leftImg8bit image.
        case sizeMismatch = "size mismatch"
        /// A label-id image holding ids outside the official table (0...33).
        case unknownLabelId = "unknown label id"
        /// A camera JSON file that cannot be parsed or holds unusable values.
        case malformedCamera = "malformed camera"

        public static func < (a: Kind, b: Kind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var kind: Kind
    /// The file or folder concerned.
    public var path: String
    /// What is wrong, in a few words (without the path).
    public var detail: String

    public init(_ kind: Kind, path: String, _ detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    /// E.g. "size mismatch: ROOT/gtFine/.../x_gtFine_labelIds.png is 32x16, its
    /// leftImg8bit image is 64x32".
    public var description: String { "\(kind.rawValue): \(path): \(detail)" }

    public static func < (a: Self, b: Self) -> Bool {
        (a.path, a.kind, a.detail) < (b.path, b.kind, b.detail)
    }
}
