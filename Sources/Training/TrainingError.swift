/// Why training stopped or could not start. Messages name the file, key or step.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// A loss term became NaN or infinite at `step`; nothing was written for that step.
    case nonFiniteLoss(step: Int, term: String, value: Float)
    /// A loss term exceeded `limit` at `step` (diverging before it turns NaN).
    case explodingLoss(step: Int, term: String, value: Float, limit: Float)
    /// The run folder holds checkpoints of a different configuration.
    case configurationMismatch(folder: String, expectedHash: String, foundHash: String)
    /// A checkpoint file lacks an entry or has one of the wrong shape.
    case invalidCheckpoint(path: String, reason: String)

    public var description: String {
        switch self {
        case let .nonFiniteLoss(step, term, value):
            return "training diverged: loss term '\(term)' is \(value) at step \(step) "
                + "(the last checkpoint is kept; lower the learning rate or check the data)"
        case let .explodingLoss(step, term, value, limit):
            return "training diverged: loss term '\(term)' is \(value) at step \(step), above \(limit) "
                + "(the last checkpoint is kept; lower the learning rate or check the data)"
        case let .configurationMismatch(folder, expected, found):
            return "\(folder) holds checkpoints of another configuration (hash \(found), this run \(expected)); "
                + "use a fresh --out folder or the original configuration"
        case let .invalidCheckpoint(path, reason):
            return "checkpoint \(path): \(reason)"
        }
    }
}

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
