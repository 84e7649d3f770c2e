/// The selection methods of the paper's Table 3 (experiment 211), named as the
/// reference's preselected label lists (loader/preselected_labels.py).
public enum SelectionMethod: String, CaseIterable, Sendable {
    /// Random: prefixes of the seeded candidate order (the reference's "score" choice
    /// with every lambda 0).
    case random
    /// Segmentation entropy ('entropy_sonly'): the highest mean pixel-wise entropy of a
    /// segmentation student.
    case ent
    /// Diversity only ('depthifp_u3-avg4'): farthest-point selection on depth features.
    case ds
    /// Uncertainty only ('ldepth_donly'): the highest 'abs_log' depth error of a
    /// pseudo-depth student.
    case us
    /// Diversity and uncertainty ('depthifp_u3-avg4_bias1000ldepth_donly'): farthest-point
    /// selection with the depth error, times the bias weight, added to the distances.
    case dsUs = "ds_us"

    /// Whether a student must be trained on the current selection before the next step
    /// can be chosen. Random and diversity-only selections do not depend on a student;
    /// the reference then skips the intermediate steps and selects the final size at once
    /// (the result equals choosing step by step: both are prefixes of the same order).
    public var needsStudent: Bool {
        switch self {
        case .random, .ds: return false
        case .ent, .us, .dsUs: return true
        }
    }

    /// What the student of intermediate steps learns (selection_tasks): pseudo-depth only
    /// (BerHu to the depth teacher, no segmentation labels) for `us` and `ds_us`,
    /// segmentation only for `ent`; nil when no student is trained.
    public var studentTask: StudentTask? {
        switch self {
        case .random, .ds: return nil
        case .ent: return .segmentation
        case .us, .dsUs: return .pseudoDepth
        }
    }

    /// How the first subset (no selection yet) is drawn: the reference's
    /// `initial_samples`, "ifp" for the farthest-point methods, else "random".
    public var startsWithFarthestPoint: Bool { self == .ds || self == .dsUs }
}
