import TensorEngine

/// Structural dissimilarity of two images as the monodepth loss uses it: SSIM over 3x3
/// windows (average pooling of reflection-padded images, so the output keeps the input
/// size), C1 = 0.01^2, C2 = 0.03^2, turned into clamp((1 - SSIM) / 2, 0, 1).
public enum SSIM {
    /// Stabiliser of the luminance term (intensities in [0, 1]).
    public static let c1: Float = 0.01 * 0.01
    /// Stabiliser of the contrast-structure term.
    public static let c2: Float = 0.03 * 0.03

    /// Per-pixel, per-channel dissimilarity of x and y ([N, C, H, W] each, H, W >= 2) ->
    /// [N, C, H, W] in [0, 1]; 0 where the windows agree. Differentiable in both. One
    /// fused operator (the five window moments in one sweep); `composite` is the same
    /// computation as separate operators, kept as the reference the tests compare with.
    public static func dissimilarity(_ x: Tensor, _ y: Tensor) -> Tensor {
        precondition(x.shape == y.shape && x.rank == 4, "SSIM: shapes \(x.shape) and \(y.shape)")
        return x.structuralDissimilarity(y, c1: c1, c2: c2)
    }

    /// The reference composition: reflection padding, 3x3 average pooling of x, y, x^2,
    /// y^2 and xy, the SSIM formula and the clamp, each as its own operator.
    public static func composite(_ x: Tensor, _ y: Tensor) -> Tensor {
        precondition(x.shape == y.shape && x.rank == 4, "SSIM: shapes \(x.shape) and \(y.shape)")
        let xp = x.reflectionPad2d(1), yp = y.reflectionPad2d(1)
        func windowMean(_ t: Tensor) -> Tensor { t.avgPool2d(kernelSize: 3, stride: 1) }
        let muX = windowMean(xp), muY = windowMean(yp)
        let sigmaX = windowMean(xp * xp) - muX * muX
        let sigmaY = windowMean(yp * yp) - muY * muY
        let sigmaXY = windowMean(xp * yp) - muX * muY
        let numerator = (muX * muY * 2 + c1) * (sigmaXY * 2 + c2)
        let denominator = (muX * muX + muY * muY + c1) * (sigmaX + sigmaY + c2)
        return ((1 - numerator / denominator) * 0.5).clamp(min: 0, max: 1)
    }
}
