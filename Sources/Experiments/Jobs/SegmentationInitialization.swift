/// How a segmentation network starts.
public enum SegmentationInitialization: Equatable, Sendable {
    /// Random initialisation (the paper starts from ImageNet; we have none).
    case scratch
    /// Encoder and decoder copy from a depth pretraining's final network file.
    case depth(path: String)

    /// "scratch" or "depth".
    public var name: String {
        switch self {
        case .scratch: return "scratch"
        case .depth: return "depth"
        }
    }
}
