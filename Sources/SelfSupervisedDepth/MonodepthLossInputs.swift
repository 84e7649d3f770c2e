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
