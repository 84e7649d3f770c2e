import TensorEngine

/// The reference's `mix_use_gt` option: labelled images in the unlabelled stream take their
/// ground truth, as a one-hot "teacher output", instead of the teacher's softmax (train.py
/// `train_step_segmentation_unlabeled`; the one-hot from
/// loader/sequence_segmentation_loader.py).
///
/// Ignored pixels get an all-zero vector (the reference one-hot encodes them as an extra
/// class and drops it), so downstream they have confidence 0 and become ignored targets
/// in `PseudoLabels.labels`, while `PseudoLabels.classes` reads them as class 0.
public enum GroundTruthTeacher {
    /// One-hot "probabilities" [N, C, H, W] (0/1) of label maps [N, H, W] (Float train ids in
    /// 0..<classes, or `ignoreIndex`).
    public static func oneHot(labels: Tensor, classes: Int, ignoreIndex: Int = 255) -> Tensor {
        precondition(labels.rank == 3, "GroundTruthTeacher.oneHot: labels must be [N, H, W], got \(labels.shape)")
        precondition(classes > 0, "GroundTruthTeacher.oneHot: \(classes) classes")
        let n = labels.shape[0], plane = labels.shape[1] * labels.shape[2]
        let out = Tensor.zeros([n, classes, labels.shape[1], labels.shape[2]])
        for image in 0..<n {
            writeOneHot(labels.data + image * plane, plane: plane, classes: classes, ignoreIndex: ignoreIndex,
                        into: out.data + image * classes * plane)
        }
        return out
    }

    /// The teacher probabilities [N, C, H, W] with image i replaced by the one-hot of
    /// `labels[i]` wherever `isLabelled[i]`; `labels` [N, H, W] is read only for those
    /// images. Returns a new tensor; `teacherProbabilities` is unchanged.
    public static func substitute(teacherProbabilities: Tensor, labels: Tensor, isLabelled: [Bool],
                                  ignoreIndex: Int = 255) -> Tensor {
        let p = teacherProbabilities
        precondition(p.rank == 4, "GroundTruthTeacher.substitute: probabilities must be [N, C, H, W], got \(p.shape)")
        precondition(labels.shape == [p.shape[0], p.shape[2], p.shape[3]],
                     "GroundTruthTeacher.substitute: labels \(labels.shape) for probabilities \(p.shape)")
        precondition(isLabelled.count == p.shape[0],
                     "GroundTruthTeacher.substitute: \(isLabelled.count) flags for \(p.shape[0]) images")
        let classes = p.shape[1], plane = p.shape[2] * p.shape[3]
        let out = p.copy()
        for (image, labelled) in isLabelled.enumerated() where labelled {
            let dst = out.data + image * classes * plane
            dst.update(repeating: 0, count: classes * plane)
            writeOneHot(labels.data + image * plane, plane: plane, classes: classes, ignoreIndex: ignoreIndex,
                        into: dst)
        }
        return out
    }

    /// Sets dst[label, p] = 1 for every non-ignored pixel p of one image (dst zeroed).
    private static func writeOneHot(_ labels: UnsafePointer<Float>, plane: Int, classes: Int, ignoreIndex: Int,
                                    into dst: UnsafeMutablePointer<Float>) {
        let ignored = Float(ignoreIndex)
        for i in 0..<plane {
            let v = labels[i]
            if v == ignored { continue }
            precondition(v >= 0 && v < Float(classes) && v == v.rounded(),
                         "GroundTruthTeacher: label \(v) at pixel \(i) is not a class in 0..<\(classes) "
                         + "nor the ignore index \(ignoreIndex)")
            dst[Int(v) * plane + i] = 1
        }
    }
}
