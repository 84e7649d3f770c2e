import TensorEngine

/// DepthMix masks, the reference's "depthcomp" mode (train.py `generate_mix_mask`): for a
/// batch of two images, a pixel of image i is pasted over image j = 1 - i where it is not
/// farther away than image j's pixel, up to a margin, i.e. where
/// disp_i >= disp_j - margin, and (the foreground threshold) disp_i >= threshold.
///
/// Both orders are built, as the reference: mask 0 pastes image 0 over image 1 and mask 1
/// pastes image 1 over image 0 (with `Mixing.mix`, mixed image i = mask i * image i +
/// (1 - mask i) * image (i + 1) % 2). Where the two disparities are within the margin,
/// both masks are 1, so each mixed image keeps its own pixel there.
///
/// Disparities are per image min-max normalised to 0...1 (unitless) before the
/// comparison; shapes [2, 1, H, W] or [2, H, W]. Masks are Float 0/1, [2, 1, H, W].
public enum DepthMix {
    /// The paper's margin (`depthcomp_margin`, in normalised disparity).
    public static let paperMargin: Float = 0.03

    /// The foreground threshold (`depthcomp_foreground_threshold`): a pixel is pasted only
    /// where its own normalised disparity is at least this value.
    public enum ForegroundThreshold: Equatable, Sendable {
        /// One value for every image (the paper: 0, which keeps every pixel).
        case fixed(Float)
        /// A value drawn uniformly from lower..<upper for each image, in the order of the
        /// masks (the reference's tuple form, one `torch.rand(1)` per image).
        case uniform(lower: Float, upper: Float)
    }

    /// Per image: (d - min) / (max - min) over the whole map, as the reference's depth
    /// preparation (loader/depth_estimator.py, and the online variant in train.py).
    ///
    /// - Parameters:
    ///   - disparities: [N, 1, H, W] or [N, H, W], any positive scale.
    ///   - eightBit: also round down to multiples of 1/255, as the reference's stored
    ///     pseudo-depth PNGs (`ToPILImage` writes floor(255 x), the loader reads it / 255).
    /// - Returns: the same shape. A constant map has no range: it becomes NaN (0 / 0) as in
    ///   the reference, and every comparison with NaN fails, so neither image of the pair
    ///   pastes anything.
    public static func normalise(disparities: Tensor, eightBit: Bool = false) -> Tensor {
        precondition(disparities.rank == 3 || (disparities.rank == 4 && disparities.shape[1] == 1),
                     "DepthMix.normalise: disparities must be [N, 1, H, W] or [N, H, W], got \(disparities.shape)")
        let n = disparities.shape[0], plane = n == 0 ? 0 : disparities.count / n
        let out = Tensor(uninitializedShape: disparities.shape)
        for image in 0..<n {
            let src = disparities.data + image * plane, dst = out.data + image * plane
            var lo = Float.infinity, hi = -Float.infinity
            for i in 0..<plane {
                lo = Swift.min(lo, src[i])
                hi = Swift.max(hi, src[i])
            }
            let range = hi - lo
            for i in 0..<plane {
                let v = (src[i] - lo) / range
                dst[i] = eightBit ? (v * 255).rounded(.towardZero) / 255 : v
            }
        }
        return out
    }

    /// The two masks [2, 1, H, W] from disparities already normalised per image.
    ///
    /// - Parameters:
    ///   - normalisedDisparities: [2, 1, H, W] or [2, H, W], 0...1.
    ///   - margin: how much farther (in normalised disparity) a pasted pixel may be.
    ///   - foregroundThreshold: see `ForegroundThreshold`; `rng` is used only by `.uniform`.
    public static func masks(normalisedDisparities: Tensor, margin: Float = paperMargin,
                             foregroundThreshold: ForegroundThreshold = .fixed(0),
                             rng: inout RandomGenerator) -> Tensor {
        let d = normalisedDisparities
        precondition((d.rank == 3 || (d.rank == 4 && d.shape[1] == 1)) && d.shape[0] == 2,
                     "DepthMix.masks: needs a pair of disparities [2, 1, H, W] or [2, H, W], got \(d.shape)")
        let plane = d.count / 2
        let out = Tensor(uninitializedShape: [2, 1, d.shape[d.rank - 2], d.shape[d.rank - 1]])
        for (own, other) in [(0, 1), (1, 0)] {
            let threshold: Float
            switch foregroundThreshold {
            case .fixed(let value):
                threshold = value
            case .uniform(let lower, let upper):
                precondition(upper > lower, "DepthMix.masks: foreground threshold range \(lower)..<\(upper) is empty")
                threshold = rng.uniform(lower, upper)
            }
            let mine = d.data + own * plane, theirs = d.data + other * plane, dst = out.data + own * plane
            for i in 0..<plane {
                dst[i] = mine[i] >= theirs[i] - margin && mine[i] >= threshold ? 1 : 0
            }
        }
        return out
    }

    /// `normalise` then `masks`: the two DepthMix masks [2, 1, H, W] of a pair of raw
    /// disparities [2, 1, H, W] or [2, H, W] (each normalised over the map given).
    public static func masks(disparities: Tensor, margin: Float = paperMargin,
                             foregroundThreshold: ForegroundThreshold = .fixed(0),
                             rng: inout RandomGenerator) -> Tensor {
        masks(normalisedDisparities: normalise(disparities: disparities), margin: margin,
              foregroundThreshold: foregroundThreshold, rng: &rng)
    }
}
