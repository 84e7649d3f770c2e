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
