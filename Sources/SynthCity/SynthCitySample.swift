import CityscapesData

/// Where a SynthCity sample lives: its split, its index within the split and the
/// Cityscapes id of its labelled frame (the neighbours are `frame.offset(by: ±1)`).
public struct SynthCitySample: Hashable, Sendable {
    public let split: CityscapesSplit
    /// Index within the split, 0-based.
    public let index: Int
    /// The labelled frame, e.g. amberfield_000003_000019.
    public let frame: CityscapesFrameID
}
