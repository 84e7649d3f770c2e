import DataPipeline
import Foundation
import TensorEngine

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

    /// The loop that trains this task with its settings' schedule and checkpoints.
    public var loop: TrainingLoop { TrainingLoop(schedule: settings.schedule, checkpoints: checkpoints) }

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
}

extension SegmentationTrainer: TrainingTask {
    public var phase: String { Self.phase }

    public func trainingStep(_ batch: TrainingBatch, at step: Int) throws -> [(name: String, value: Float)] {
        try self.step(batch, at: step)
    }

    public func checkpointState() -> (model: [String: Tensor], optimizer: [String: Tensor]) {
        (modelState(), optimizer.stateTensors())
    }

    public func restore(model: [String: Tensor], optimizer state: [String: Tensor]) throws {
        if let teacher = semiSupervised?.teacher {
            try network.load(stateDict: model.filter { !$0.key.hasPrefix("teacher.") })
            try teacher.load(stateDict: model.entries(under: "teacher"))
        } else {
            try network.load(stateDict: model)
        }
        try optimizer.loadStateTensors(state)
    }

    public func setEvaluating(_ evaluating: Bool) { network.setTraining(!evaluating) }
}
