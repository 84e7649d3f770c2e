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
