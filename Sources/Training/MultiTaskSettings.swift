import Networks

/// The multi-task part of a segmentation run (experiment 212, the reference's
/// 'mtl_pad'): the PAD decoder's layout and how the monodepth loss joins segmentation.
///
/// In YAML every key may be left out (the reference's values): `multiTask: {}`.
public struct MultiTaskSettings: Codable, Equatable, Sendable {
    /// Layer where the two decoders exchange features (reference: 7).
    public var distillationLayer: Int
    /// Layer of the final segmentation head (reference: 9).
    public var finalLayer: Int
    /// Whether the side output at the distillation layer is trained (reference: true).
    public var sideOutput: Bool
    /// Weight of the monodepth loss (mono_lambda, 1), on the labelled batch and, with
    /// online DepthMix, on the unlabelled one.
    public var monodepthWeight: Float
    /// Weight of the supervised segmentation loss (seg_lambda, 1); with the side output
    /// it is the mean of the final and side outputs' cross-entropies.
    public var segmentationWeight: Float
    /// Learning rate of the pose network (the reference's pose_lr, 1e-6).
    public var poseLearningRate: Float

    public init(distillationLayer: Int = 7, finalLayer: Int = 9, sideOutput: Bool = true, monodepthWeight: Float = 1,
                segmentationWeight: Float = 1, poseLearningRate: Float = 1e-6) {
        self.distillationLayer = distillationLayer
        self.finalLayer = finalLayer
        self.sideOutput = sideOutput
        self.monodepthWeight = monodepthWeight
        self.segmentationWeight = segmentationWeight
        self.poseLearningRate = poseLearningRate
    }

    /// The decoder layout for `classes` classes.
    public func decoder(classes: Int) -> MultiTaskDecoderSettings {
        MultiTaskDecoderSettings(distillationLayer: distillationLayer, finalLayer: finalLayer, sideOutput: sideOutput,
                               classes: classes)
    }

    enum CodingKeys: String, CodingKey {
        case distillationLayer, finalLayer, sideOutput, monodepthWeight, segmentationWeight, poseLearningRate
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MultiTaskSettings()
        self.init(distillationLayer: try c.decodeIfPresent(Int.self, forKey: .distillationLayer) ?? d.distillationLayer,
                  finalLayer: try c.decodeIfPresent(Int.self, forKey: .finalLayer) ?? d.finalLayer,
                  sideOutput: try c.decodeIfPresent(Bool.self, forKey: .sideOutput) ?? d.sideOutput,
                  monodepthWeight: try c.decodeIfPresent(Float.self, forKey: .monodepthWeight) ?? d.monodepthWeight,
                  segmentationWeight: try c.decodeIfPresent(Float.self, forKey: .segmentationWeight)
                      ?? d.segmentationWeight,
                  poseLearningRate: try c.decodeIfPresent(Float.self, forKey: .poseLearningRate) ?? d.poseLearningRate)
    }
}
