/// Settings of supervised segmentation training (the reference's experiment 210
/// recipe: SGD with momentum and weight decay, the backbone at a tenth of the
/// learning rate, a step decay, global gradient clipping).
public struct SegmentationTrainingSettings: Codable, Equatable, Sendable {
    public var iterations: Int
    public var batchSize: Int
    /// Learning rate of the decoder and head, and of the backbone.
    public var learningRate: Float
    public var backboneLearningRate: Float
    public var momentum: Float
    public var weightDecay: Float
    /// The learning rate is multiplied by `decayFactor` every `decayEvery` steps.
    public var decayEvery: Int
    public var decayFactor: Float
    /// Maximum global gradient norm.
    public var gradientClipNorm: Float
    /// Validate every this many steps (and after the last step); 0 only at the end.
    public var validationInterval: Int
    /// Write a checkpoint every this many steps (and after the last step).
    public var checkpointInterval: Int

    public init(iterations: Int, batchSize: Int = 2, learningRate: Float = 1e-2, backboneLearningRate: Float = 1e-3,
                momentum: Float = 0.9, weightDecay: Float = 5e-4, decayEvery: Int, decayFactor: Float = 0.1,
                gradientClipNorm: Float = 10, validationInterval: Int, checkpointInterval: Int) {
        self.iterations = iterations
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.backboneLearningRate = backboneLearningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.decayEvery = decayEvery
        self.decayFactor = decayFactor
        self.gradientClipNorm = gradientClipNorm
        self.validationInterval = validationInterval
        self.checkpointInterval = checkpointInterval
    }
}

extension SegmentationTrainingSettings {
    /// The steps, checkpoint and validation intervals as a `TrainingLoop` schedule.
    public var schedule: TrainingSchedule {
        TrainingSchedule(iterations: iterations, checkpointInterval: checkpointInterval,
                         validationInterval: validationInterval)
    }
}

extension SegmentationTrainingSettings {
    /// The schedule stretched by `factor`: steps, decay step and the validation and
    /// checkpoint intervals multiplied (rounded, at least 1; an interval of 0 stays 0).
    /// A scale ladder's rungs (`ExperimentDefinition.Ladder`).
    public func scaled(by factor: Double) -> SegmentationTrainingSettings {
        func scale(_ v: Int) -> Int { v == 0 ? 0 : max(1, Int((Double(v) * factor).rounded())) }
        var s = self
        s.iterations = scale(iterations)
        s.decayEvery = scale(decayEvery)
        s.validationInterval = scale(validationInterval)
        s.checkpointInterval = scale(checkpointInterval)
        return s
    }
}
