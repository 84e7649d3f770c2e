/// A snapshot of a training loop for progress displays: where it is, how fast it goes
/// and what the loss does.
public struct TrainingProgress: Sendable {
    /// The phase, e.g. "depth phase 1" or "segmentation".
    public var phase: String
    /// Completed steps and the total of the phase.
    public var step: Int
    public var totalSteps: Int
    /// The latest loss terms by name ("total" first when present).
    public var losses: [(name: String, value: Float)]
    /// Steps per second over the recent window.
    public var stepsPerSecond: Double
    /// Estimated seconds to the end of the phase.
    public var secondsRemaining: Double

    public init(phase: String, step: Int, totalSteps: Int, losses: [(name: String, value: Float)],
                stepsPerSecond: Double, secondsRemaining: Double) {
        self.phase = phase
        self.step = step
        self.totalSteps = totalSteps
        self.losses = losses
        self.stepsPerSecond = stepsPerSecond
        self.secondsRemaining = secondsRemaining
    }
}
