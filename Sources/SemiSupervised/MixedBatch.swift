import TensorEngine

/// One unlabelled batch prepared for the student (reference: train.py
/// `train_step_segmentation_unlabeled`, steps "Run Mix" and `strongTransform`): the mix
/// masks, the mixed and strongly augmented images, and the mixed teacher probabilities
/// that `PseudoLabelLoss` turns into targets.
///
/// A trainer, per step, with the teacher's softmax computed without gradients:
///
///     let teacher = GroundTruthTeacher.substitute(...)   // only with mix_use_gt
///     let batch = MixedBatch(images: x, teacherProbabilities: teacher, strategy: .depth(disparities: d),
///                            rng: &stepRng)
///     let result = PseudoLabelLoss()(studentLogits: student(batch.images),
///                                    teacherProbabilities: batch.teacherProbabilities)
///     result.loss.backward()
public struct MixedBatch {
    /// How the masks are made.
    public enum Strategy {
        /// ClassMix from the teacher's argmax (`PseudoLabels.classes`), any batch size.
        case classMix(ignoreIndex: Int = 255)
        /// DepthMix from raw disparities [2, 1, H, W] or [2, H, W] of the pair (normalised
        /// per image here), batch of 2.
        case depth(disparities: Tensor, margin: Float = DepthMix.paperMargin,
                   foregroundThreshold: DepthMix.ForegroundThreshold = .fixed(0))
        /// DepthMix from disparities already normalised per image (e.g. the reference's
        /// full-frame, 8-bit pseudo-depth), batch of 2.
        case depthNormalised(disparities: Tensor, margin: Float = DepthMix.paperMargin,
                             foregroundThreshold: DepthMix.ForegroundThreshold = .fixed(0))
        /// Given masks [N, 1, H, W] (0/1).
        case masks(Tensor)
        /// No mixing: masks of ones, so each image keeps itself (the reference's
        /// mix_mask None); only the strong augmentation changes the images.
        case unmixed
    }

    /// The masks [N, 1, H, W]: mask i pastes image i over image (i + 1) % N.
    public let masks: Tensor
    /// Mixed, then strongly augmented images [N, 3, H, W] in 0...1: the student's input.
    public let images: Tensor
    /// Mixed teacher probabilities [N, C, H, W] (never augmented).
    public let teacherProbabilities: Tensor
    /// The strong augmentation's choices.
    public let augmentation: StrongAugmentation.Draw

    /// Mixes `images` [N, 3, H, W] (0...1) and `teacherProbabilities` [N, C, H, W] with the
    /// masks of `strategy`, then augments the images. Random draws come from `rng` in the
    /// reference's order: the masks (ClassMix per image; DepthMix's thresholds when drawn),
    /// then the strong augmentation (`StrongAugmentation.draw`).
    public init(images: Tensor, teacherProbabilities: Tensor, strategy: Strategy,
                augmentation: StrongAugmentation = StrongAugmentation(), rng: inout RandomGenerator) {
        precondition(images.rank == 4 && images.shape[1] == 3,
                     "MixedBatch: images must be [N, 3, H, W], got \(images.shape)")
        precondition(teacherProbabilities.rank == 4 && teacherProbabilities.shape[0] == images.shape[0]
                        && teacherProbabilities.shape[2...] == images.shape[2...],
                     "MixedBatch: teacher probabilities \(teacherProbabilities.shape) for images \(images.shape)")
        let masks: Tensor
        switch strategy {
        case .classMix(let ignoreIndex):
            let classes = PseudoLabels(probabilities: teacherProbabilities, ignoreIndex: ignoreIndex).classes
            masks = ClassMix.masks(classMaps: classes, ignoreIndex: ignoreIndex, rng: &rng)
        case .depth(let disparities, let margin, let threshold):
            masks = DepthMix.masks(disparities: disparities, margin: margin, foregroundThreshold: threshold, rng: &rng)
        case .depthNormalised(let disparities, let margin, let threshold):
            masks = DepthMix.masks(normalisedDisparities: disparities, margin: margin,
                                   foregroundThreshold: threshold, rng: &rng)
        case .masks(let given):
            masks = given
        case .unmixed:
            masks = Tensor.ones([images.shape[0], 1, images.shape[2], images.shape[3]])
        }
        let draw = augmentation.draw(batchSize: images.shape[0], rng: &rng)
        self.masks = masks
        self.images = StrongAugmentation.apply(draw, to: Mixing.mix(images, masks: masks))
        self.teacherProbabilities = Mixing.mix(teacherProbabilities, masks: masks)
        self.augmentation = draw
    }
}
