/// When a training phase stops, checkpoints and validates, in steps.
public struct TrainingSchedule: Equatable, Sendable {
    /// Steps of the phase.
    public var iterations: Int
    /// Write a checkpoint every this many steps and after the last (0: only after the last).
    public var checkpointInterval: Int
    /// Validate every this many steps and after the last (0: only after the last).
    public var validationInterval: Int

    public init(iterations: Int, checkpointInterval: Int, validationInterval: Int) {
        self.iterations = iterations
        self.checkpointInterval = checkpointInterval
        self.validationInterval = validationInterval
    }

    /// Whether the phase validates after completing `step` steps (1...iterations).
    public func validates(at step: Int) -> Bool {
        step > 0 && step <= iterations
            && (step == iterations || (validationInterval > 0 && step % validationInterval == 0))
    }

    /// Whether the phase writes a checkpoint after completing `step` steps.
    public func checkpoints(at step: Int) -> Bool {
        step == iterations || step % max(1, checkpointInterval) == 0
    }
}
