import DataPipeline
import Networks
import SemiSupervised
import TensorEngine

/// The semi-supervised half of a segmentation step (reference: train.py,
/// `train_step_segmentation_unlabeled` and the EMA update after the optimiser step): the
/// mean teacher predicts a batch of the unlabelled stream (in training mode, as the
/// reference runs it), labelled images in that stream may take their ground truth
/// instead, pairs are mixed by ClassMix or DepthMix (or left unmixed) and strongly augmented, and the
/// student's cross-entropy on the mixed images against the mixed pseudo-labels,
/// weighted by the confident share, is back-propagated.
public final class MeanTeacherMixing {
    public let settings: SemiSupervisedSettings
    /// The teacher: the student's architecture, parameters an EMA of the student's.
    public let teacher: SegmentationModel
    /// Batches of the unlabelled stream (labels loaded when ground truth may stand in).
    public let stream: TrainingLoader
    /// The depth teacher's disparities (DepthMix only).
    public let pseudoDepth: PseudoDepthCache?
    let loss: PseudoLabelLoss
    let augmentation: StrongAugmentation

    /// `teacher` must hold the student's initial state (its parameters are copied from
    /// `student` here).
    public init(settings: SemiSupervisedSettings, teacher: SegmentationModel, student: SegmentationModel,
                stream: TrainingLoader, pseudoDepth: PseudoDepthCache?) throws {
        if settings.mix == .depthMix && settings.depthSource != .online && pseudoDepth == nil {
            throw TrainingError.invalidCheckpoint(path: "(settings)", reason: "DepthMix needs the pseudo-depth cache")
        }
        self.settings = settings
        self.teacher = teacher
        self.stream = stream
        self.pseudoDepth = pseudoDepth
        loss = PseudoLabelLoss(confidenceThreshold: settings.confidenceThreshold,
                               consistencyWeight: settings.consistencyWeight)
        augmentation = StrongAugmentation(colorJitter: settings.colorJitter, blur: settings.blur)
        MeanTeacher.initialize(teacher: Self.parameters(of: teacher), from: Self.parameters(of: student))
    }

    static func parameters(of model: SegmentationModel) -> [Tensor] {
        model.backboneParameters + model.headParameters
    }

    /// The pseudo-label loss of one unlabelled batch at `step`, already back-propagated
    /// into the student's gradients; returns its value and the confident share.
    ///
    /// - Parameter onlineDisparities: with `depthSource: online`, called with the
    ///   unlabelled batch after the teacher's prediction (the reference's order) to give
    ///   the student's raw disparities [N, 1, H, W] (normalised per image here); it may
    ///   back-propagate losses of its own (the multi-task trainer's monodepth loss).
    public func backward(student: SegmentationModel, step: Int, rng: RandomGenerator,
                         onlineDisparities: ((TrainingBatch) throws -> Tensor)? = nil) throws -> (loss: Float, weight: Float) {
        let batch = try stream.next()
        let images = batch.augmentedColors[0]!
        teacher.setTraining(true)
        var teacherRng = rng.split("teacher dropout")
        var probabilities = withoutGradients { teacher.logits(images, rng: &teacherRng).softmax(axis: 1) }
        if !settings.onlyUnlabelled, let labels = batch.labels, batch.isLabelled.contains(true) {
            probabilities = GroundTruthTeacher.substitute(teacherProbabilities: probabilities, labels: labels,
                                                          isLabelled: batch.isLabelled)
        }
        let strategy: MixedBatch.Strategy
        switch settings.mix {
        case .classMix: strategy = .classMix()
        case .noMix: strategy = .unmixed
        case .depthMix where settings.depthSource == .online:
            guard let onlineDisparities else {
                throw TrainingError.invalidCheckpoint(path: "(settings)", reason: "DepthMix with online depth needs "
                                                      + "the multi-task network (multiTask settings)")
            }
            strategy = .depth(disparities: try onlineDisparities(batch), margin: settings.depthMargin)
        case .depthMix:
            // Normalised over the whole frame before cropping, as the reference's pseudo-depth.
            strategy = .depthNormalised(disparities: try pseudoDepth!.disparities(for: batch), margin: settings.depthMargin)
        }
        var mixRng = rng.split("mix")
        let mixed = MixedBatch(images: images, teacherProbabilities: probabilities, strategy: strategy,
                               augmentation: augmentation, rng: &mixRng)
        var studentRng = rng.split("student dropout")
        let result = loss(studentLogits: student.logits(mixed.images, rng: &studentRng),
                          teacherProbabilities: mixed.teacherProbabilities)
        let value = result.loss.item
        try LossGuard.check(value, step: step, term: "pseudo_label")
        result.loss.backward()
        return (value, result.weight)
    }

    /// The EMA update after the optimiser's step `step` (0-based; the reference counts
    /// from 1, so its decay at our step s is that of s + 1).
    public func updateTeacher(student: SegmentationModel, step: Int) {
        MeanTeacher.update(teacher: Self.parameters(of: teacher), student: Self.parameters(of: student), step: step + 1)
    }
}
