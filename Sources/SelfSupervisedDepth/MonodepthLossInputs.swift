import TensorEngine

/// What the monodepth loss needs for one batch. Images hold intensities in [0, 1].
public struct MonodepthLossInputs {
    /// The target frame 0, un-augmented colour: [N, 3, H, W].
    public var target: Tensor
    /// Source frames by offset (every offset of the configuration), [N, 3, H, W] each.
    public var sources: [Int: Tensor]
    /// Sigmoid disparities per scale s: [N, 1, H >> s, W >> s].
    public var disparities: [Tensor]
    /// Target-to-source transformations by offset, [N, 4, 4] each (see
    /// `CameraTransform.forFrame`).
    public var poses: [Int: Tensor]
    /// Intrinsics K and K^-1 for the full resolution H x W, [N, 4, 4] each.
    public var intrinsics: Tensor
    public var inverseIntrinsics: Tensor
    /// The target at every scale for the smoothness term ([N, 3, H >> s, W >> s]); nil
    /// builds it with `ImagePyramid.build`.
    public var targetPyramid: [Tensor]?

    public init(target: Tensor, sources: [Int: Tensor], disparities: [Tensor], poses: [Int: Tensor],
                intrinsics: Tensor, inverseIntrinsics: Tensor, targetPyramid: [Tensor]? = nil) {
        self.target = target
        self.sources = sources
        self.disparities = disparities
        self.poses = poses
        self.intrinsics = intrinsics
        self.inverseIntrinsics = inverseIntrinsics
        self.targetPyramid = targetPyramid
    }
}

/// The terms of one scale, for logging.
public struct MonodepthScaleTerms: Sendable, Equatable {
    /// Mean over pixels of the per-pixel minimum (or average) photometric error.
    public var reprojection: Float
    /// Edge-aware smoothness of the mean-normalised disparity, before weighting.
    public var smoothness: Float
    /// reprojection + smoothnessWeight / 2^s * smoothness.
    public var total: Float
    /// Fraction of pixels whose minimum was an identity (unwarped) error, i.e. masked
    /// out by automasking; 0 without automasking.
    public var automaskedFraction: Float
}

/// The loss and its diagnostics.
public struct MonodepthLossResult {
    /// Mean over scales of each scale's total: a differentiable scalar.
    public var total: Tensor
    /// Terms per scale, s = 0 ..< scales.
    public var scales: [MonodepthScaleTerms]
    /// Synthesised target views (no gradient) by source offset, per scale: [N, 3, H, W].
    public var warped: [Int: [Tensor]]
    /// Depth (metres, no gradient) from each scale's disparity at full resolution: [N, 1, H, W].
    public var depths: [Tensor]

    /// Reprojection term averaged over scales.
    public var reprojection: Float { scales.map(\.reprojection).reduce(0, +) / Float(max(scales.count, 1)) }
    /// Unweighted smoothness averaged over scales.
    public var smoothness: Float { scales.map(\.smoothness).reduce(0, +) / Float(max(scales.count, 1)) }
    /// Automasked fraction averaged over scales.
    public var automaskedFraction: Float {
        scales.map(\.automaskedFraction).reduce(0, +) / Float(max(scales.count, 1))
    }
}
