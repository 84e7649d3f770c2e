import TensorEngine

/// The mapping from the depth decoder's sigmoid output to depth (monodepth2's
/// "additional considerations"): the sigmoid value s in [0, 1] becomes a disparity
/// 1 / maxDepth + (1 / minDepth - 1 / maxDepth) s, and depth is its reciprocal, so depth
/// spans [minDepth, maxDepth] metres.
public struct DisparityToDepth: Sendable, Equatable {
    /// Nearest depth, metres (sigmoid 1). The paper uses 0.1.
    public var minDepth: Float
    /// Farthest depth, metres (sigmoid 0). The paper uses 100.
    public var maxDepth: Float

    public init(minDepth: Float = 0.1, maxDepth: Float = 100) {
        self.minDepth = minDepth
        self.maxDepth = maxDepth
    }

    /// Sigmoid disparity [N, 1, H, W] -> (scaled disparity in 1/metres, depth in metres),
    /// both [N, 1, H, W] and differentiable.
    public func callAsFunction(_ sigmoidDisparity: Tensor) -> (disparity: Tensor, depth: Tensor) {
        let minDisparity = 1 / maxDepth, maxDisparity = 1 / minDepth
        let disparity = sigmoidDisparity * (maxDisparity - minDisparity) + minDisparity
        return (disparity, 1 / disparity)
    }

    /// The sigmoid value whose depth is `depth` metres (the inverse mapping; for tests and
    /// for seeding decoders).
    public func sigmoidDisparity(forDepth depth: Float) -> Float {
        let minDisparity = 1 / maxDepth, maxDisparity = 1 / minDepth
        return (1 / depth - minDisparity) / (maxDisparity - minDisparity)
    }
}
