/// How predicted depth is compared with ground truth.
///
/// Defaults follow monodepth2's evaluation and the reference's test caps
/// (`test_min_depth: 1.0e-3`, `test_max_depth: 80` in its Cityscapes configs): a
/// ground-truth pixel is valid when minDepth < g < maxDepth (strictly); the prediction
/// is multiplied by median(g) / median(p) over the valid pixels (median scaling, since
/// monocular depth has no metric scale) and then clamped to [minDepth, maxDepth]. No
/// crop is applied (the reference evaluates no depth crop; SynthCity has no ego car).
public struct DepthEvaluationSettings: Codable, Equatable, Sendable {
    /// Lower cap in metres.
    public var minDepth: Double
    /// Upper cap in metres.
    public var maxDepth: Double
    /// Whether predictions are median-scaled per image.
    public var medianScaling: Bool

    public init(minDepth: Double = 1e-3, maxDepth: Double = 80, medianScaling: Bool = true) {
        self.minDepth = minDepth
        self.maxDepth = maxDepth
        self.medianScaling = medianScaling
    }
}
