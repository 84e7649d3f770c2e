/// How a per-element loss is reduced to the returned tensor.
public enum LossReduction: Sendable, Equatable {
    /// The per-element losses, in the shape of the target.
    case none
    /// Their sum (a scalar).
    case sum
    /// Their mean (a scalar); each loss documents its denominator.
    case mean
}
