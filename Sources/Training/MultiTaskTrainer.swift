import DataPipeline
import Foundation
import Networks
import SelfSupervisedDepth
import TensorEngine

/// Multi-task training of experiment 212 (reference: train.py `train_step` and
/// `train_step_segmentation_unlabeled` with segmentation_name 'mtl_pad'). Per step:
///
/// 1. the network predicts the labelled batch's frame 0 (colour-augmented); the
///    monodepth loss on its frame triplet (poses from the pose network) times
///    `monodepthWeight`, plus `segmentationWeight` times the mean of the cross-entropies
///    of the final output and of the side output (upsampled bilinearly with aligned
///    corners to the labels' size, as the reference's cross_entropy2d), is
///    back-propagated;
/// 2. with the mean teacher: the teacher labels an unlabelled batch; with online
///    DepthMix the student predicts that batch, its monodepth loss is back-propagated and
///    its full-resolution disparity (detached, normalised per image) makes the DepthMix
///    masks; the pseudo-label loss of the mixed images is back-propagated;
/// 3. all gradients (network and pose network) are clipped to `gradientClipNorm`; SGD
///    steps with the encoder at the backbone rate, the pose network at
///    `poseLearningRate` and the PAD decoder at the base rate (the reference defines a
///    depth rate for 212 but never passes it to its optimiser), all with weight decay and
///    the step decay; the teacher's EMA follows.
///
/// Checkpoints hold the network, the pose network ("pose_network."), the teacher
/// ("teacher.") and the optimiser's state, so a run resumes exactly.
public final class MultiTaskTrainer {
    public let network: MultiTaskNetwork
    public let pose: PoseNetwork
    public let settings: SegmentationTrainingSettings
    public let multiTask: MultiTaskSettings
    public let loss: MonodepthLoss
    public let checkpoints: CheckpointFolder
    public let optimizer: SGD
    public let seed: UInt64
    public let semiSupervised: MeanTeacherMixing?
    public static let phase = "multitask"

    public init(network: MultiTaskNetwork, pose: PoseNetwork, settings: SegmentationTrainingSettings,
                multiTask: MultiTaskSettings, loss: MonodepthLoss, checkpoints: CheckpointFolder, seed: UInt64,
                semiSupervised: MeanTeacherMixing? = nil) {
        self.network = network
        self.pose = pose
        self.settings = settings
        self.multiTask = multiTask
        self.loss = loss
        self.checkpoints = checkpoints
        self.seed = seed
        self.semiSupervised = semiSupervised
        optimizer = SGD(groups: [
            ParameterGroup(parameters: network.backboneParameters, learningRate: settings.backboneLearningRate,
                           weightDecay: settings.weightDecay, name: "backbone"),
            ParameterGroup(parameters: pose.parameters(), learningRate: multiTask.poseLearningRate,
                           weightDecay: settings.weightDecay, name: "pose"),
            ParameterGroup(parameters: network.decoderParameters, learningRate: settings.learningRate,
                           weightDecay: settings.weightDecay, name: "decoder"),
        ], momentum: settings.momentum)
    }

    /// The network's state, the pose network's under "pose_network." and the teacher's
    /// under "teacher.".
    public func modelState() -> [String: Tensor] {
        var state = network.stateDict().merging(pose.stateDict().prefixed(by: "pose_network")) { a, _ in a }
        if let teacher = semiSupervised?.teacher {
            state.merge(teacher.stateDict().prefixed(by: "teacher")) { a, _ in a }
        }
        return state
    }

    /// The loop that trains this task with its settings' schedule and checkpoints.
    public var loop: TrainingLoop { TrainingLoop(schedule: settings.schedule, checkpoints: checkpoints) }

    /// Target-to-source transformations for the loss's frame offsets, each pair in
    /// temporal order (the earlier pose inverted), from the colour-augmented frames.
    func poses(_ frames: [Int: Tensor]) -> [Int: Tensor] {
        DepthPretrainer.poses(frames, offsets: loss.settings.frameOffsets, pose: pose)
    }

    /// The weighted monodepth loss of `batch` (frames -1, 0, +1) for the disparities
    /// `output` predicted from its frame 0.
    func monodepth(_ batch: TrainingBatch, _ output: MultiTaskOutput, rng: RandomGenerator) throws -> Tensor {
        let disparities = (0..<loss.settings.scales).map { output.disparities[$0]! }
        let inputs = MonodepthLossInputs(
            target: batch.colors[0]!, sources: batch.colors.filter { $0.key != 0 }, disparities: disparities,
            poses: poses(batch.augmentedColors), intrinsics: batch.intrinsics[0],
            inverseIntrinsics: batch.inverseIntrinsics[0])
        var automask = rng
        return try loss(inputs, rng: &automask).total * multiTask.monodepthWeight
    }

    /// The weighted supervised segmentation loss: the final output's cross-entropy, or
    /// with the side output the mean of both (the side output upsampled to the labels).
    func segmentation(_ output: MultiTaskOutput, labels: Tensor) -> Tensor {
        var ce = crossEntropy(logits: output.semantics, target: labels, ignoreIndex: 255)
        if let side = output.intermediateSemantics {
            let (h, w) = (labels.shape[1], labels.shape[2])
            let resized = side.shape[2] != h && side.shape[3] != w
                ? side.resize(height: h, width: w, mode: .bilinear, alignCorners: true) : side
            ce = (ce + crossEntropy(logits: resized, target: labels, ignoreIndex: 255)) * Float(0.5)
        }
        return ce * multiTask.segmentationWeight
    }

    /// One optimisation step on `batch` (labels and frames -1, 0, +1 required).
    public func step(_ batch: TrainingBatch, at step: Int) throws -> MultiTaskStepTerms {
        guard let labels = batch.labels else {
            throw TrainingError.invalidCheckpoint(path: "(batch)", reason: "multi-task batch without labels")
        }
        network.setTraining(true)
        pose.train()
        optimizer.zeroGrad()
        let stepRng = RandomGenerator(seed: seed).split(step)
        network.reseedDropout(from: stepRng.split("dropout"))
        pose.reseedDropout(from: stepRng.split("pose dropout"))
        let output = network(batch.augmentedColors[0]!)
        let mono = try monodepth(batch, output, rng: stepRng.split("automask"))
        let seg = segmentation(output, labels: labels)
        var terms = MultiTaskStepTerms(total: 0, monodepth: mono.item, segmentation: seg.item, unlabelledMonodepth: 0,
                                       pseudoLabel: 0, confidentShare: 0)
        try LossGuard.check(terms.monodepth, step: step, term: "monodepth")
        try LossGuard.check(terms.segmentation, step: step, term: "segmentation")
        (mono + seg).backward()
        if let semiSupervised {
            let student = network
            var unlabelledMono: Float = 0
            let online: (TrainingBatch) throws -> Tensor = { [self] unlabelled in
                student.reseedDropout(from: stepRng.split("online dropout"))
                let out = student(unlabelled.augmentedColors[0]!)
                let term = try self.monodepth(unlabelled, out, rng: stepRng.split("online automask"))
                unlabelledMono = term.item
                try LossGuard.check(unlabelledMono, step: step, term: "unlabelled_monodepth")
                term.backward()
                return out.disparities[0]!.detached()
            }
            let result = try semiSupervised.backward(student: network, step: step, rng: stepRng.split("unlabelled"),
                                                     onlineDisparities: online)
            terms.unlabelledMonodepth = unlabelledMono
            terms.pseudoLabel = result.loss
            terms.confidentShare = result.weight
        }
        terms.total = terms.monodepth + terms.segmentation + terms.unlabelledMonodepth + terms.pseudoLabel
        clipGradNorm(network.backboneParameters + pose.parameters() + network.decoderParameters,
                     maxNorm: settings.gradientClipNorm)
        optimizer.learningRateFactor = LearningRateSchedule.step(stepSize: settings.decayEvery,
                                                                 gamma: settings.decayFactor).factor(at: step)
        optimizer.step()
        semiSupervised?.updateTeacher(student: network, step: step)
        return terms
    }
}

extension MultiTaskTrainer: TrainingTask {
    public var phase: String { Self.phase }

    public func trainingStep(_ batch: TrainingBatch, at step: Int) throws -> [(name: String, value: Float)] {
        try self.step(batch, at: step).named
    }

    public func checkpointState() -> (model: [String: Tensor], optimizer: [String: Tensor]) {
        (modelState(), optimizer.stateTensors())
    }

    public func restore(model: [String: Tensor], optimizer state: [String: Tensor]) throws {
        let own = model.filter { !$0.key.hasPrefix("teacher.") && !$0.key.hasPrefix("pose_network.") }
        try network.load(stateDict: own, strict: true)
        try pose.load(stateDict: model.entries(under: "pose_network"), strict: true)
        if let teacher = semiSupervised?.teacher {
            try teacher.load(stateDict: model.entries(under: "teacher"))
        }
        try optimizer.loadStateTensors(state)
    }

    public func setEvaluating(_ evaluating: Bool) { network.setTraining(!evaluating) }
}
