import CityscapesData

/// One training sample: a labelled frame with its sequence neighbours, cropped and
/// possibly mirrored, as the losses and networks consume it.
///
/// Colour buffers are planar RGB Float32 in [0, 1], [3, H, W] with H x W the crop
/// size; labels are train ids (0...18, 255 = ignore) stored as Float32, [H, W].
public struct TrainingSample: Sendable {
    /// The labelled frame's file-name stem, e.g. "aachen_000000_000019".
    public var name: String
    /// Whether `labels` holds ground truth (false for unlabelled samples).
    public var isLabelled: Bool
    /// Crop size in pixels.
    public var width: Int
    public var height: Int
    /// The crop window in the stored image and whether the sample was mirrored.
    public var window: CropWindow
    public var flipped: Bool
    /// Un-augmented colours per frame offset (0, -1, +1): what the losses compare.
    public var colors: [Int: [Float]]
    /// Colour-augmented copies per frame offset: what the networks see.
    public var augmentedColors: [Int: [Float]]
    /// Train ids per pixel, when labels were loaded.
    public var labels: [Float]?
    /// Intrinsics of the crop (after the flip) at full resolution, pixels.
    public var intrinsics: PinholeIntrinsics
}
