/// Stops a diverging run: a NaN, infinite or exploding loss value is an error naming
/// the term and the step, thrown before anything is updated or written for that step.
public enum LossGuard {
    /// No loss of ours comes near this in a healthy run: cross-entropy over 19 classes
    /// starts at ln 19 = 2.9, and the monodepth terms are bounded by about 1.
    public static let limit: Float = 1000

    public static func check(_ value: Float, step: Int, term: String) throws {
        guard value.isFinite else { throw TrainingError.nonFiniteLoss(step: step, term: term, value: value) }
        guard value <= limit else { throw TrainingError.explodingLoss(step: step, term: term, value: value, limit: limit) }
    }
}
