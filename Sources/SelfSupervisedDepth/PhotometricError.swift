import TensorEngine

/// The per-pixel photometric reprojection error between a synthesised image and the
/// target: ssimWeight * SSIM dissimilarity + (1 - ssimWeight) * L1, both averaged over
/// the colour channels. The paper uses ssimWeight = 0.85.
public struct PhotometricError: Sendable, Equatable {
    /// Weight of the SSIM term; the L1 term gets 1 - ssimWeight. 0 skips SSIM entirely.
    public var ssimWeight: Float

    public init(ssimWeight: Float = 0.85) {
        self.ssimWeight = ssimWeight
    }

    /// Prediction and target [N, C, H, W] (intensities in [0, 1]) -> error [N, 1, H, W].
    public func callAsFunction(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        let l1 = (target - prediction).abs().mean(axis: 1, keepDims: true)
        guard ssimWeight > 0 else { return l1 }
        let ssim = SSIM.dissimilarity(prediction, target).mean(axis: 1, keepDims: true)
        return ssim * ssimWeight + l1 * (1 - ssimWeight)
    }
}
