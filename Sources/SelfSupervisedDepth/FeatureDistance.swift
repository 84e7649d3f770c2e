import TensorEngine

/// The second pretraining phase's regulariser: the Euclidean (L2) distance between the
/// trainable encoder's features and those of a frozen copy of the encoder, summed over
/// every element of the batch (not averaged; torch.dist(a, b, p=2)), times a weight
/// (feat_dist_lambda, 1e-2 in the paper). The reference applies it to the encoder's last
/// feature map, the frozen copy in evaluation mode on the same augmented frame 0.
public enum FeatureDistance {
    /// weight * ||features - frozenFeatures||_2 as a scalar. Both tensors have the same
    /// shape (e.g. [N, C, H/16, W/16]); no gradient flows into `frozenFeatures`. At zero
    /// distance the gradient is 0 (as PyTorch's subgradient).
    public static func loss(features: Tensor, frozenFeatures: Tensor, weight: Float) throws -> Tensor {
        try requireShape(frozenFeatures, features.shape, name: "frozenFeatures")
        let difference = features - frozenFeatures.detached()
        let squared = (difference * difference).sum()
        if squared.item == 0 { return squared * weight } // value 0, gradient 0
        return squared.sqrt() * weight
    }
}
