/// Settings of one phase of self-supervised depth pretraining (paper-map section 1):
/// Adam on the depth network and the pose network, a step decay, and in phase 2 the
/// feature-distance loss to a frozen copy of the encoder.
public struct DepthPhaseSettings: Codable, Equatable, Sendable {
    public var iterations: Int
    public var learningRate: Float
    /// The learning rate is multiplied by `decayFactor` from step `decayAt` on (nil: never).
    public var decayAt: Int?
    public var decayFactor: Float
    /// Weight of the feature distance to the frozen encoder (0 in phase 1, 1e-2 in phase 2).
    public var featureDistanceWeight: Float
    /// Whether the encoder trains (the paper freezes its ImageNet encoder in phase 1; our
    /// small profiles train a randomly initialised encoder there).
    public var trainEncoder: Bool
    /// Write a checkpoint every this many steps (and after the last).
    public var checkpointInterval: Int
    /// Validate every this many steps (and after the last); 0 only at the end.
    public var validationInterval: Int
    /// Linear learning-rate warm-up over the first this many steps (step s trains at
    /// (s + 1) / warmupSteps of the rate); nil or 0: none, as the paper.
    public var warmupSteps: Int?

    public init(iterations: Int, learningRate: Float, decayAt: Int?, decayFactor: Float = 0.1,
                featureDistanceWeight: Float, trainEncoder: Bool, checkpointInterval: Int, validationInterval: Int,
                warmupSteps: Int? = nil) {
        self.iterations = iterations
        self.learningRate = learningRate
        self.decayAt = decayAt
        self.decayFactor = decayFactor
        self.featureDistanceWeight = featureDistanceWeight
        self.trainEncoder = trainEncoder
        self.checkpointInterval = checkpointInterval
        self.validationInterval = validationInterval
        self.warmupSteps = warmupSteps
    }

    /// The learning-rate factor at zero-based `step`: warm-up, then the step decay.
    public func learningRateFactor(at step: Int) -> Float {
        var factor: Float = 1
        if let warmupSteps, warmupSteps > 0, step < warmupSteps { factor = Float(step + 1) / Float(warmupSteps) }
        if let decayAt, step >= decayAt { factor *= decayFactor }
        return factor
    }
}

extension DepthPhaseSettings {
    /// The steps, checkpoint and validation intervals as a `TrainingLoop` schedule.
    public var schedule: TrainingSchedule {
        TrainingSchedule(iterations: iterations, checkpointInterval: checkpointInterval,
                         validationInterval: validationInterval)
    }
}
