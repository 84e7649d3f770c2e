import TensorEngine

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
