/// A dataset split. SynthCity writes `train` and `val`; Cityscapes also has `test`.
public enum CityscapesSplit: String, CaseIterable, Sendable {
    case train
    case val
    case test
}
