/// Pinhole camera intrinsics in pixels of one image, with pixel centres at integer
/// coordinates: the ray of pixel (column i, row j) passes through image point
/// (u, v) = (i, j), i.e. through ((i - cx) / fx, (j - cy) / fy, 1) in camera coordinates.
/// Cityscapes' camera files (`CityscapesCamera`'s fx, fy, u0, v0), SynthCity's renderer,
/// the loader and the view-synthesis loss all use this convention.
///
/// The modules that use it add their own helpers: DataPipeline follows crops, flips and
/// pyramid scales and gives K and K^-1 as Float arrays; SelfSupervisedDepth gives the
/// batched tensors K and K^-1 [N, 4, 4], computed in Float32.
public struct PinholeIntrinsics: Equatable, Sendable {
    /// Focal lengths, pixels.
    public var fx: Double
    public var fy: Double
    /// Principal point (column, row), pixels.
    public var cx: Double
    public var cy: Double

    public init(fx: Double, fy: Double, cx: Double, cy: Double) {
        self.fx = fx
        self.fy = fy
        self.cx = cx
        self.cy = cy
    }

    /// Cityscapes' intrinsics normalised by image size, for an image `width` x `height`
    /// pixels: fx = 1.104 W, fy = 2.212 H, cx = 0.535 W, cy = 0.501 H.
    public init(width: Int, height: Int) {
        self.init(fx: 1.104 * Double(width), fy: 2.212 * Double(height),
                  cx: 0.535 * Double(width), cy: 0.501 * Double(height))
    }
}
