/// The loss an intermediate student is trained with.
public enum StudentTask: String, Sendable {
    /// BerHu between the student's disparity and the depth teacher's (`BerHuLoss`).
    case pseudoDepth
    /// Cross-entropy on the selected labels.
    case segmentation
}
