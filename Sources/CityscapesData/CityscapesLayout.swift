/// A dataset split. SynthCity writes `train` and `val`; Cityscapes also has `test`.
public enum CityscapesSplit: String, CaseIterable, Sendable {
    case train
    case val
    case test
}

/// One frame of one Cityscapes sequence: `{city}_{sequence:06d}_{frame:06d}`.
///
/// In Cityscapes the labelled frame of a sequence is frame 19 and its neighbours in
/// `leftImg8bit_sequence` are frames 18, 20, ...; `offset(by:)` steps between them.
public struct CityscapesFrameID: Hashable, Comparable, Sendable {
    /// City name (lower case, no underscores), e.g. "aachen".
    public var city: String
    /// Sequence number within the city.
    public var sequence: Int
    /// Frame number within the sequence.
    public var frame: Int

    public init(city: String, sequence: Int, frame: Int) {
        precondition(sequence >= 0 && frame >= 0,
                     "CityscapesFrameID: negative sequence \(sequence) or frame \(frame)")
        self.city = city
        self.sequence = sequence
        self.frame = frame
    }

    /// Parses the start of a Cityscapes file name, e.g. "aachen_000000_000019" or
    /// "aachen_000000_000019_leftImg8bit.png"; nil when it does not start that way.
    public init?(fileName: String) {
        let parts = fileName.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count >= 3, !parts[0].isEmpty, parts[1].count == 6, parts[2].count == 6,
              (parts[1] + parts[2]).allSatisfy({ $0 >= "0" && $0 <= "9" }),
              let sequence = Int(parts[1]), let frame = Int(parts[2]), sequence >= 0, frame >= 0
        else { return nil }
        self.init(city: String(parts[0]), sequence: sequence, frame: frame)
    }

    /// The file-name stem, e.g. "aachen_000000_000019".
    public var stem: String { "\(city)_\(Self.pad6(sequence))_\(Self.pad6(frame))" }

    /// The frame `k` frames later (earlier for negative `k`) in the same sequence.
    public func offset(by k: Int) -> CityscapesFrameID {
        CityscapesFrameID(city: city, sequence: sequence, frame: frame + k)
    }

    public static func < (a: CityscapesFrameID, b: CityscapesFrameID) -> Bool {
        (a.city, a.sequence, a.frame) < (b.city, b.sequence, b.frame)
    }

    /// Zero-padded to six digits, as in every Cityscapes file name.
    static func pad6(_ n: Int) -> String {
        let digits = String(n)
        return digits.count >= 6 ? digits : String(repeating: "0", count: 6 - digits.count) + digits
    }
}

/// File paths of a Cityscapes-layout tree under `root` (a real Cityscapes copy or a
/// SynthCity tree; the layout is identical):
///
///     ROOT/leftImg8bit/{split}/{city}/{stem}_leftImg8bit.png
///     ROOT/leftImg8bit_sequence/{split}/{city}/{stem}_leftImg8bit.png
///     ROOT/gtFine/{split}/{city}/{stem}_gtFine_labelIds.png   (8-bit label ids)
///     ROOT/gtFine/{split}/{city}/{stem}_gtFine_color.png      (Cityscapes palette)
///     ROOT/disparity/{split}/{city}/{stem}_disparity.png      (16-bit, d = (p-1)/256)
///     ROOT/camera/{split}/{city}/{stem}_camera.json
///     ROOT/synthcity/{split}/{city}/{stem}_pose.json          (SynthCity only)
public struct CityscapesLayout: Sendable {
    /// The top-level folders of the layout.
    public enum Tree: String, CaseIterable, Sendable {
        case leftImg8bit
        case leftImg8bitSequence = "leftImg8bit_sequence"
        case gtFine
        case disparity
        case camera
        /// SynthCity's extra folder (ground-truth poses and the generator's own files).
        case synthcity
    }

    /// The tree's root folder (no trailing slash needed).
    public let root: String

    public init(root: String) {
        var trimmed = root
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    /// ROOT/{tree}.
    public func directory(_ tree: Tree) -> String { "\(root)/\(tree.rawValue)" }

    /// ROOT/{tree}/{split}/{city}.
    public func directory(_ tree: Tree, split: CityscapesSplit, city: String) -> String {
        "\(root)/\(tree.rawValue)/\(split.rawValue)/\(city)"
    }

    /// The labelled frame's image in `leftImg8bit`.
    public func leftImage(_ id: CityscapesFrameID, split: CityscapesSplit) -> String {
        file(.leftImg8bit, split, id, "leftImg8bit.png")
    }

    /// Any frame's image in `leftImg8bit_sequence`.
    public func sequenceImage(_ id: CityscapesFrameID, split: CityscapesSplit) -> String {
        file(.leftImg8bitSequence, split, id, "leftImg8bit.png")
    }

    /// The 8-bit label-id image of a labelled frame.
    public func labelIds(_ id: CityscapesFrameID, split: CityscapesSplit) -> String {
        file(.gtFine, split, id, "gtFine_labelIds.png")
    }

    /// The colour-coded label image of a labelled frame.
    public func labelColor(_ id: CityscapesFrameID, split: CityscapesSplit) -> String {
        file(.gtFine, split, id, "gtFine_color.png")
    }

    /// The 16-bit disparity image of a labelled frame.
    public func disparity(_ id: CityscapesFrameID, split: CityscapesSplit) -> String {
        file(.disparity, split, id, "disparity.png")
    }

    /// The camera calibration JSON of a labelled frame.
    public func camera(_ id: CityscapesFrameID, split: CityscapesSplit) -> String {
        file(.camera, split, id, "camera.json")
    }

    /// SynthCity's ground-truth pose JSON of a labelled frame (all frames of its sequence).
    public func pose(_ id: CityscapesFrameID, split: CityscapesSplit) -> String {
        file(.synthcity, split, id, "pose.json")
    }

    private func file(_ tree: Tree, _ split: CityscapesSplit, _ id: CityscapesFrameID,
                      _ suffix: String) -> String {
        "\(directory(tree, split: split, city: id.city))/\(id.stem)_\(suffix)"
    }
}
