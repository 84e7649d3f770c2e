import TensorEngine

/// The teacher's per-pixel decision read from class probabilities (reference: the
/// `torch.max(softmax, dim=1)` calls in train.py's `train_step_segmentation_unlabeled` and
/// `calc_pseudo_label_loss`).
///
/// - `classes`: [N, H, W] class ids 0..<C as Float, the index of the largest probability
///   (the first on ties, so an all-zero ground-truth one-hot pixel reads as class 0,
///   as the reference's `argmax_u_w` that ClassMix takes its classes from).
/// - `labels`: [N, H, W], `classes` with `ignoreIndex` wherever the largest probability is
///   exactly 0 (only the ignored pixels of a ground-truth one-hot): the cross-entropy
///   targets.
/// - `confidence`: [N, H, W], the largest probability (unitless, 0...1).
public struct PseudoLabels {
    /// Argmax class ids [N, H, W].
    public let classes: Tensor
    /// Cross-entropy targets [N, H, W].
    public let labels: Tensor
    /// Largest probability [N, H, W].
    public let confidence: Tensor
    /// The label written where the largest probability is 0.
    public let ignoreIndex: Int

    /// Reads probabilities [N, C, H, W] (softmax outputs, or ground-truth one-hot).
    public init(probabilities: Tensor, ignoreIndex: Int = 255) {
        precondition(probabilities.rank == 4 && probabilities.shape[1] > 0,
                     "PseudoLabels: probabilities must be [N, C, H, W] with C > 0, got \(probabilities.shape)")
        let n = probabilities.shape[0], c = probabilities.shape[1]
        let plane = probabilities.shape[2] * probabilities.shape[3]
        let outShape = [n, probabilities.shape[2], probabilities.shape[3]]
        let classes = Tensor(uninitializedShape: outShape)
        let labels = Tensor(uninitializedShape: outShape)
        let confidence = Tensor(uninitializedShape: outShape)
        let p = probabilities.data, cls = classes.data, lab = labels.data, conf = confidence.data
        let ignored = Float(ignoreIndex)
        for image in 0..<n {
            let src = p + image * c * plane, best = conf + image * plane, arg = cls + image * plane
            best.update(from: src, count: plane)
            arg.update(repeating: 0, count: plane)
            for k in 1..<c {
                let row = src + k * plane, value = Float(k)
                for i in 0..<plane where row[i] > best[i] {
                    best[i] = row[i]
                    arg[i] = value
                }
            }
            let out = lab + image * plane
            for i in 0..<plane { out[i] = best[i] == 0 ? ignored : arg[i] }
        }
        self.classes = classes
        self.labels = labels
        self.confidence = confidence
        self.ignoreIndex = ignoreIndex
    }

    /// The share of all N x H x W pixels whose confidence is at least `threshold`: one
    /// number for the whole batch, as the reference's `unlabeled_weight`
    /// (`sum(max_probs >= 0.968) / prod(pseudo_label.shape)`).
    public func confidentShare(threshold: Float) -> Float {
        let total = confidence.count
        guard total > 0 else { return 0 }
        let p = confidence.data
        var confident = 0
        for i in 0..<total where p[i] >= threshold { confident += 1 }
        return Float(Double(confident) / Double(total))
    }
}
