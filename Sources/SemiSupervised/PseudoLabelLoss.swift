import TensorEngine

/// The consistency loss on the mixed batch (reference: train.py `calc_pseudo_label_loss`
/// with loss/loss.py `cross_entropy2d`):
///
///     loss = consistencyWeight * w * sum_i CE(logits_i, label_i) / (N * H * W)
///
/// where label_i is the argmax of the mixed teacher probabilities (ignored where their
/// maximum is 0), CE is 0 at ignored pixels but the mean still counts them (the
/// reference's per-pixel weights followed by `torch.mean`), and w is one number for the
/// whole batch: the share of all N x H x W pixels whose teacher confidence (maximum
/// probability) is at least 0.968. w is a constant: gradients flow to the student's
/// logits only.
public struct PseudoLabelLoss: Equatable, Sendable {
    /// Teacher confidence at or above which a pixel counts as confident (0.968).
    public var confidenceThreshold: Float
    /// The consistency weight (1 in the paper).
    public var consistencyWeight: Float
    /// The label of ignored pixels (255 here; the reference's 250).
    public var ignoreIndex: Int

    /// The paper's settings by default.
    public init(confidenceThreshold: Float = 0.968, consistencyWeight: Float = 1, ignoreIndex: Int = 255) {
        self.confidenceThreshold = confidenceThreshold
        self.consistencyWeight = consistencyWeight
        self.ignoreIndex = ignoreIndex
    }

    /// The loss and what it was computed from.
    public struct Result {
        /// Scalar loss (unitless, nats), differentiable w.r.t. the student's logits.
        public let loss: Tensor
        /// The targets [N, H, W]: class ids, `ignoreIndex` where the teacher's maximum is 0.
        public let pseudoLabels: Tensor
        /// The confident share w of the batch, 0...1.
        public let weight: Float
    }

    /// The loss of the student's logits [N, C, H, W] on the mixed (strongly augmented)
    /// images against the mixed teacher probabilities [N, C, H, W] (softmax, or
    /// ground-truth one-hot for labelled images), same shape.
    public func callAsFunction(studentLogits: Tensor, teacherProbabilities: Tensor) -> Result {
        precondition(studentLogits.rank == 4 && studentLogits.shape == teacherProbabilities.shape,
                     "PseudoLabelLoss: student logits \(studentLogits.shape) and teacher probabilities "
                     + "\(teacherProbabilities.shape) must both be [N, C, H, W]")
        let decision = PseudoLabels(probabilities: teacherProbabilities, ignoreIndex: ignoreIndex)
        let weight = decision.confidentShare(threshold: confidenceThreshold)
        let pixelWeights = Tensor(repeating: weight, shape: decision.labels.shape)
        let crossEntropy = TensorEngine.crossEntropy(logits: studentLogits, target: decision.labels,
                                                     ignoreIndex: ignoreIndex, pixelWeights: pixelWeights,
                                                     reduction: .mean)
        let loss = consistencyWeight == 1 ? crossEntropy : crossEntropy * consistencyWeight
        return Result(loss: loss, pseudoLabels: decision.labels, weight: weight)
    }
}
