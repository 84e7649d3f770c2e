/// What teaches a depth pretraining run.
public enum DepthSupervision: String, Codable, Equatable, Sendable {
    /// The paper's monodepth loss on frame triplets (photometric view synthesis).
    case selfSupervised = "self-supervised"
    /// A diagnostic ceiling, never used by the paper's experiments: the same depth
    /// network trained on the dataset's ground-truth depth with the scale-invariant log
    /// loss (`GroundTruthDepthLoss`), to show how far self-supervision is from what the
    /// network can learn in the same budget.
    case groundTruth = "ground-truth"
}
