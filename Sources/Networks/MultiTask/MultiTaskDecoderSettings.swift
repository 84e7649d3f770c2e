/// The shape of the multi-task decoder of experiment 212 (the reference's 'mtl_pad',
/// `segmentation_args` of PAD). Both task decoders are copies of the depth decoder
/// (`DepthDecoderSettings`); this adds where they exchange features and the heads.
public struct MultiTaskDecoderSettings: Equatable, Hashable, Codable, Sendable {
    /// Network layer (see `NetworkLayer`, 5...8) after which the two decoders exchange
    /// features through cross-task self-attention; the reference's 212 uses 7 (decoder
    /// stage 2, stride 4).
    public var distillationLayer: Int
    /// Layer read by the final segmentation head (distillationLayer + 1 ... 9; 212: 9,
    /// full resolution).
    public var finalLayer: Int
    /// Whether a second 1x1 head classifies the segmentation decoder's features at the
    /// distillation layer (before the exchange), trained alongside the final output.
    public var sideOutput: Bool
    /// Number of semantic classes (19 for Cityscapes).
    public var classes: Int

    public init(distillationLayer: Int = 7, finalLayer: Int = 9, sideOutput: Bool = true, classes: Int = 19) {
        self.distillationLayer = distillationLayer
        self.finalLayer = finalLayer
        self.sideOutput = sideOutput
        self.classes = classes
    }

    /// The reference's experiment 212: distillation at layer 7, final head on layer 9,
    /// side output on (output stride 1: heads at their layer's resolution).
    public static let experiment212 = MultiTaskDecoderSettings()

    /// The depth-decoder stage of the distillation layer (9 - layer).
    public var distillationStage: Int { NetworkLayer.last - distillationLayer }

    /// Throws when a setting cannot be built.
    public func validate() throws {
        guard (5...8).contains(distillationLayer) else {
            throw NetworkConfigError("MultiTaskDecoderSettings.distillationLayer: \(distillationLayer) is not a decoder "
                                     + "layer with a later one (5...8)")
        }
        guard finalLayer > distillationLayer && finalLayer <= NetworkLayer.last else {
            throw NetworkConfigError("MultiTaskDecoderSettings.finalLayer: \(finalLayer) must lie in "
                                     + "\(distillationLayer + 1)...\(NetworkLayer.last) (after the distillation layer)")
        }
        guard classes > 0 else { throw NetworkConfigError("MultiTaskDecoderSettings.classes: must be positive") }
    }
}
