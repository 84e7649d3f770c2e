extension Tensor {
    /// Values drawn uniformly from [lo, hi).
    public static func uniform(_ shape: [Int], _ lo: Float, _ hi: Float,
                               rng: inout RandomGenerator, requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        for i in 0..<t.count { t.data[i] = rng.uniform(lo, hi) }
        t.requiresGrad = requiresGrad
        return t
    }

    /// Values drawn from N(mean, std^2).
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1,
                              rng: inout RandomGenerator, requiresGrad: Bool = false) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        for i in 0..<t.count { t.data[i] = mean + std * rng.nextNormal() }
        t.requiresGrad = requiresGrad
        return t
    }
}
