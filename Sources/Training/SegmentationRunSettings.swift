import DataPipeline
import Networks

/// Everything that decides a supervised segmentation run, by profile: networks, input
/// crop, the optimiser and schedule, and validation. Profiles differ only in sizes,
/// iterations and resolution; `paper` is the reference's experiment 210 recipe
/// (SGD lr 1e-2, backbone 1e-3, momentum 0.9, weight decay 5e-4, x0.1 every 30k of
/// 40k iterations, gradient clipping at 10, batch 2, 512x512 crops).
public struct SegmentationRunSettings: Codable, Equatable, Sendable {
    /// Width multiplier of the small networks, or nil for the paper's (ResNet-101, dec6).
    /// Must match the depth pretraining it is initialised from.
    public var widthMultiplier: Float?
    /// Random crop in pixels (nil: the whole stored image).
    public var cropWidth: Int?
    public var cropHeight: Int?
    public var training: SegmentationTrainingSettings
    /// Validation images used (the first ones of the split; nil: all).
    public var validationSamples: Int?
    /// Validation images at the intermediate steps of the curve (the first ones of the
    /// split; nil: `validationSamples`). The last step always uses `validationSamples`,
    /// so frequent curve points stay cheap while the final metrics see the whole split.
    public var curveValidationSamples: Int?
    /// The mean teacher with ClassMix or DepthMix (nil: supervised only).
    public var semiSupervised: SemiSupervisedSettings?
    /// Train the multi-task network (experiment 212, 'mtl_pad') with the monodepth loss
    /// alongside segmentation (nil: experiment 210's segmentation network).
    public var multiTask: MultiTaskSettings?
    /// Probability of colour-jittering a training input (brightness, contrast,
    /// saturation 0.8-1.2, hue +-0.1; the labelled batch and the batch the mean teacher
    /// labels). The reference's segmentation configs only flip (colour augmentation is
    /// its depth pretraining's), so the default is 0; 0.5 is what this suite used before.
    public var colorJitterProbability: Double

    public init(widthMultiplier: Float?, cropWidth: Int?, cropHeight: Int?, training: SegmentationTrainingSettings,
                validationSamples: Int?, semiSupervised: SemiSupervisedSettings? = nil,
                multiTask: MultiTaskSettings? = nil, colorJitterProbability: Double = 0) {
        self.colorJitterProbability = colorJitterProbability
        self.semiSupervised = semiSupervised
        self.multiTask = multiTask
        self.widthMultiplier = widthMultiplier
        self.cropWidth = cropWidth
        self.cropHeight = cropHeight
        self.training = training
        self.validationSamples = validationSamples
    }

    /// The validation images used after `step`: `validationSamples` at the last step,
    /// `curveValidationSamples` (when set) before it.
    public func validationLimit(step: Int) -> Int? {
        step >= training.iterations ? validationSamples : (curveValidationSamples ?? validationSamples)
    }

    /// The crop and augmentation of training inputs: random crop, flip with probability
    /// 0.5, colour jitter with `colorJitterProbability`.
    public var augmentation: AugmentationSettings {
        AugmentationSettings(cropWidth: cropWidth, cropHeight: cropHeight, colorAugmentationProbability: colorJitterProbability)
    }

    /// The networks of this configuration (those of the depth pretraining of the same
    /// profile, so transfer can load it).
    public var networks: NetworkSettings {
        widthMultiplier.map { NetworkSettings.small(widthMultiplier: $0) } ?? .paper
    }

    /// The profiles; the widths equal `DepthPretrainingSettings.profile(profile)`'s.
    public static func profile(_ profile: Profile) -> SegmentationRunSettings {
        func training(_ iterations: Int, every: Int) -> SegmentationTrainingSettings {
            SegmentationTrainingSettings(iterations: iterations, decayEvery: iterations * 3 / 4,
                                         validationInterval: every, checkpointInterval: every)
        }
        switch profile {
        case .smoke:
            return SegmentationRunSettings(widthMultiplier: 0.125, cropWidth: 64, cropHeight: 32,
                                         training: training(120, every: 40), validationSamples: 8)
        case .quick:
            return SegmentationRunSettings(widthMultiplier: 0.25, cropWidth: nil, cropHeight: nil,
                                         training: training(1000, every: 250), validationSamples: nil)
        case .standard:
            // Quick's networks and step cost on the full-size (2975 + 500) 128x64 tree,
            // sized with the whole standard grid (README "Standard profile: the design"):
            // ten curve points per run on the first 100 val images, the final one on all.
            var run = SegmentationRunSettings(widthMultiplier: 0.25, cropWidth: nil, cropHeight: nil,
                                              training: training(1000, every: 100), validationSamples: nil)
            run.training.checkpointInterval = 250
            run.curveValidationSamples = 100
            return run
        case .paper:
            var t = training(40000, every: 2000)
            t.decayEvery = 30000
            return SegmentationRunSettings(widthMultiplier: nil, cropWidth: 512, cropHeight: 512, training: t,
                                         validationSamples: nil)
        }
    }
}
