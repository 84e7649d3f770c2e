/// A parsed Cityscapes file name: `{city}_{seq:06d}_{frame:06d}_{suffix}`.
public struct CityscapesFileName: Equatable, Sendable {
    /// The frame the file belongs to.
    public var frame: CityscapesFrameID
    /// What follows the stem and its underscore, e.g. "gtFine_labelIds.png".
    public var suffix: String

    /// Parses `fileName` found in the folder of `city`; nil unless the name starts with
    /// that city, has six-digit sequence and frame numbers and ends with one of
    /// `suffixes`.
    public init?(fileName: String, city: String, suffixes: [String]) {
        guard let frame = CityscapesFrameID(fileName: fileName), frame.city == city else { return nil }
        let rest = fileName.dropFirst(frame.stem.count)
        guard rest.hasPrefix("_") else { return nil }
        let suffix = String(rest.dropFirst())
        guard suffixes.contains(suffix) else { return nil }
        self.frame = frame
        self.suffix = suffix
    }
}
