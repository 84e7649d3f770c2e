import TensorEngine

/// The scale-invariant log loss of the ground-truth ceiling (Eigen et al. 2014 with
/// lambda = 1): the variance over valid pixels of log(predicted depth) - log(true
/// depth), which ignores a global scale as the median-scaled evaluation does. Valid
/// pixels have a true depth in (minDepth, maxDepth] metres.
public enum GroundTruthDepthLoss {
    /// `depth` and `target` [N, 1, H, W] metres; returns a scalar.
    public static func loss(depth: Tensor, target: Tensor, minDepth: Float = 1e-3, maxDepth: Float = 80) -> Tensor {
        precondition(depth.shape == target.shape, "GroundTruthDepthLoss: \(depth.shape) vs \(target.shape)")
        let count = target.count
        let mask = Tensor(uninitializedShape: target.shape)
        let safe = Tensor(uninitializedShape: target.shape)
        var valid = 0
        for i in 0..<count {
            let t = target.data[i]
            let ok = t > minDepth && t <= maxDepth
            mask.data[i] = ok ? 1 : 0
            safe.data[i] = ok ? t : 1
            if ok { valid += 1 }
        }
        guard valid > 0 else { return (depth * Float(0)).sum() }
        let difference = (depth.log() - safe.log()) * mask
        let mean = difference.sum() * (1 / Float(valid))
        return (difference * difference).sum() * (1 / Float(valid)) - mean * mean
    }
}
