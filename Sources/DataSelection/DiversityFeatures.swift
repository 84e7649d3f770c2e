import TensorEngine

/// The feature side of diversity sampling (reference: label_selection.py
/// `acquire_scores` with ifp_args m 'u3', pool 'avg', h 4, and `_calc_feature_distance`
/// with norm True, p 2).
///
/// The features are the depth teacher's decoder feature ("upconv", 3) — `Networks`'
/// `DepthDecoderOutput.features[3]`, [N, channels[3], H / 8, W / 8] for N images of
/// H x W — computed in evaluation mode on the whole, unaugmented training images. Each
/// image's map is adaptively average-pooled to h x 2h, so a job can pool batch by batch
/// and concatenate the small results ([N, C, h, 2h]) along axis 0 in candidate order.
public enum DiversityFeatures {
    /// Adaptive average pooling [N, C, H, W] -> [N, C, h, 2h] (PyTorch's bins). Pooling
    /// features that are already h x 2h returns them unchanged.
    public static func pool(_ features: Tensor, height h: Int = DiversitySettings.paper.poolHeight) -> Tensor {
        precondition(features.rank == 4, "DiversityFeatures.pool: features must be [N, C, H, W], got \(features.shape)")
        return withoutGradients { features.detached().adaptiveAvgPool2d(outputSize: (h, 2 * h)) }
    }

    /// Each channel standardised across the candidate set: x -> (x - mean) / std, with
    /// the mean and the unbiased standard deviation (divisor M - 1) of the channel's
    /// M = N x H x W values (torch.std_mean over dims 0, 2, 3). [N, C, H, W] -> same shape.
    /// A channel whose standard deviation is 0 (or undefined, M = 1) is only centred (the
    /// reference would divide by 0 and fill the distances with NaN).
    public static func standardised(_ features: Tensor) -> Tensor {
        precondition(features.rank == 4, "DiversityFeatures.standardised: features must be [N, C, H, W], got \(features.shape)")
        let (n, c, plane) = (features.shape[0], features.shape[1], features.shape[2] * features.shape[3])
        let out = Tensor(uninitializedShape: features.shape)
        let source = features.data, target = out.data
        let values = n * plane
        for channel in 0..<c {
            var sum = 0.0
            for image in 0..<n {
                let base = source + (image * c + channel) * plane
                for i in 0..<plane { sum += Double(base[i]) }
            }
            let mean = values > 0 ? sum / Double(values) : 0
            var squares = 0.0
            for image in 0..<n {
                let base = source + (image * c + channel) * plane
                for i in 0..<plane {
                    let d = Double(base[i]) - mean
                    squares += d * d
                }
            }
            let std = values > 1 ? (squares / Double(values - 1)).squareRoot() : 0
            let scale = std > 0 ? 1 / std : 1
            for image in 0..<n {
                let offset = (image * c + channel) * plane
                for i in 0..<plane { target[offset + i] = Float((Double(source[offset + i]) - mean) * scale) }
            }
        }
        return out
    }

    /// Pairwise distances of the candidates: pooled to h x 2h, standardised when
    /// `settings.standardise`, flattened to one vector per candidate, Euclidean distances.
    /// `features` is [N, C, H, W] (already pooled or not). No bias term.
    public static func distances(_ features: Tensor, settings: DiversitySettings = .paper) -> DistanceMatrix {
        let pooled = pool(features, height: settings.poolHeight)
        return DistanceMatrix.euclidean(settings.standardise ? standardised(pooled) : pooled)
    }
}
