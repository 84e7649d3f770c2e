import DataPipeline
import Foundation
import TensorEngine

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

/// Supervised segmentation training on a labelled stream: cross-entropy on the
/// colour-augmented input, checkpoints that resume bit-exactly (model, optimiser and
/// the step; the data stream and dropout are functions of the step).
public final class SegmentationTrainer {
    public let network: SegmentationModel
    public let settings: SegmentationTrainingSettings
    public let checkpoints: CheckpointFolder
    public let optimizer: SGD
    /// Seed of dropout draws (split per step).
    public let seed: UInt64
    /// The mean teacher with mixing (nil: supervised only). Its teacher is checkpointed
    /// with the student under "teacher.".
    public let semiSupervised: MeanTeacherMixing?
    public static let phase = "segmentation"

    public init(network: SegmentationModel, settings: SegmentationTrainingSettings,
                checkpoints: CheckpointFolder, seed: UInt64, semiSupervised: MeanTeacherMixing? = nil) {
        self.network = network
        self.settings = settings
        self.checkpoints = checkpoints
        self.seed = seed
        self.semiSupervised = semiSupervised
        optimizer = SGD(groups: [
            ParameterGroup(parameters: network.backboneParameters, learningRate: settings.backboneLearningRate,
                           weightDecay: settings.weightDecay, name: "backbone"),
            ParameterGroup(parameters: network.headParameters, learningRate: settings.learningRate,
                           weightDecay: settings.weightDecay, name: "head"),
        ], momentum: settings.momentum)
    }

    /// The step to start from: that of the newest checkpoint (whose model and optimiser
    /// state are loaded), or 0.
    public func resume() throws -> Int {
        guard let checkpoint = try checkpoints.latest(phase: Self.phase) else { return 0 }
        do {
            if let teacher = semiSupervised?.teacher {
                try network.load(stateDict: checkpoint.model.filter { !$0.key.hasPrefix("teacher.") })
                try teacher.load(stateDict: checkpoint.model.entries(under: "teacher"))
            } else {
                try network.load(stateDict: checkpoint.model)
            }
            try optimizer.loadStateTensors(checkpoint.optimizer)
        } catch {
            throw TrainingError.invalidCheckpoint(path: checkpoint.path, reason: "\(error)")
        }
        return checkpoint.step
    }

    /// The student's state, and the teacher's under "teacher.".
    func modelState() -> [String: Tensor] {
        guard let teacher = semiSupervised?.teacher else { return network.stateDict() }
        return network.stateDict().merging(teacher.stateDict().prefixed(by: "teacher")) { a, _ in a }
    }

    /// One optimisation step on `batch` (labels required); returns the loss terms
    /// ("cross_entropy", and "pseudo_label" with the mean teacher).
    public func step(_ batch: TrainingBatch, at step: Int) throws -> [(name: String, value: Float)] {
        guard let labels = batch.labels else {
            throw TrainingError.invalidCheckpoint(path: "(batch)", reason: "segmentation batch without labels")
        }
        network.setTraining(true)
        optimizer.zeroGrad()
        var rng = RandomGenerator(seed: seed).split("dropout").split(step)
        let logits = network.logits(batch.augmentedColors[0]!, rng: &rng)
        let loss = crossEntropy(logits: logits, target: labels, ignoreIndex: 255)
        let value = loss.item
        try LossGuard.check(value, step: step, term: "cross_entropy")
        loss.backward()
        var terms = [(name: "cross_entropy", value: value)]
        if let semiSupervised {
            let unlabelled = try semiSupervised.backward(student: network, step: step,
                                                         rng: RandomGenerator(seed: seed).split("unlabelled").split(step))
            terms = [("total", value + unlabelled.loss), ("cross_entropy", value), ("pseudo_label", unlabelled.loss),
                     ("confident_share", unlabelled.weight)]
        }
        clipGradNorm(network.backboneParameters + network.headParameters, maxNorm: settings.gradientClipNorm)
        optimizer.learningRateFactor = LearningRateSchedule.step(stepSize: settings.decayEvery,
                                                                 gamma: settings.decayFactor).factor(at: step)
        optimizer.step()
        semiSupervised?.updateTeacher(student: network, step: step)
        return terms
    }

    /// Trains from `start` to `settings.iterations`, drawing batches from `loader`
    /// (positioned at `start`). `validate(step)` runs at the validation interval and at
    /// the end; `progress` after every step.
    public func train(from start: Int, loader: TrainingLoader,
                      validate: (Int) throws -> Void = { _ in },
                      progress: (TrainingProgress) -> Void = { _ in }) throws -> StepClock {
        var clock = StepClock()
        let total = settings.iterations
        for s in start..<total {
            let batch = try loader.next()
            let losses = try step(batch, at: s)
            clock.tick()
            let done = s + 1
            progress(TrainingProgress(phase: Self.phase, step: done, totalSteps: total,
                                      losses: losses, stepsPerSecond: clock.stepsPerSecond,
                                      secondsRemaining: clock.secondsFor(steps: total - done)))
            if done % max(1, settings.checkpointInterval) == 0 || done == total {
                try checkpoints.save(phase: Self.phase, step: done, model: modelState(),
                                     optimizer: optimizer.stateTensors())
            }
            if (settings.validationInterval > 0 && done % settings.validationInterval == 0) || done == total {
                network.setTraining(false)
                try validate(done)
                network.setTraining(true)
            }
        }
        return clock
    }
}
