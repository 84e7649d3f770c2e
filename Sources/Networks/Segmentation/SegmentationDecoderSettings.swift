/// The head options of the segmentation decoder (the reference's JointSegDepthDecoder
/// `segmentation_args`); the depth-decoder copy inside it takes a `DepthDecoderSettings`.
public struct SegmentationDecoderSettings: Equatable, Hashable, Codable, Sendable {
    /// Network layers read by the head (see `NetworkLayer`); the paper reads [9].
    public var layers: [Int]
    /// Channels each layer is projected to by its 1x1 convolution.
    public var layerOutputChannels: Int
    /// Whether the head has the intermediate 3x3 convolution + batch norm + ReLU + dropout.
    public var headInter: Bool
    /// Output channels of that intermediate convolution.
    public var headInterChannels: Int
    /// Dropout probability after the intermediate convolution.
    public var headDropout: Float
    /// Dropout probability on the concatenated projections (0: none).
    public var layerDropout: Float
    /// The head works at 1 / outputStride of layer 9's resolution; its logits are then
    /// upsampled bilinearly to layer 9's (the input's) size.
    public var outputStride: Int
    /// Number of semantic classes (19 for Cityscapes).
    public var classes: Int

    public init(layers: [Int] = [9], layerOutputChannels: Int = 64, headInter: Bool, headInterChannels: Int = 64,
                headDropout: Float = 0.1, layerDropout: Float = 0, outputStride: Int = 1, classes: Int = 19) {
        self.layers = layers
        self.layerOutputChannels = layerOutputChannels
        self.headInter = headInter
        self.headInterChannels = headInterChannels
        self.headDropout = headDropout
        self.layerDropout = layerDropout
        self.outputStride = outputStride
        self.classes = classes
    }

    /// Experiment 210 (semi-supervised segmentation): layer 9, no intermediate head
    /// convolution, output stride 1.
    public static let experiment210 = SegmentationDecoderSettings(layers: [9], headInter: false, outputStride: 1)
    /// Experiment 211 (data selection): layer 8, intermediate head convolution with
    /// dropout 0, output stride 2.
    public static let experiment211 = SegmentationDecoderSettings(layers: [8], headInter: true, headDropout: 0,
                                                               outputStride: 2)

    /// The same head with its widths multiplied by `multiplier` (rounded, at least 8).
    public func scaled(by multiplier: Float) -> SegmentationDecoderSettings {
        var copy = self
        copy.layerOutputChannels = scaledChannels(layerOutputChannels, by: multiplier)
        copy.headInterChannels = scaledChannels(headInterChannels, by: multiplier)
        return copy
    }

    /// Throws when a setting cannot be built.
    public func validate() throws {
        guard !layers.isEmpty, layers.allSatisfy({ (0...NetworkLayer.last).contains($0) }),
              Set(layers).count == layers.count else {
            throw NetworkConfigError("SegmentationDecoderSettings.layers: need distinct layers in 0...9, got \(layers)")
        }
        guard layerOutputChannels > 0, headInterChannels > 0, classes > 0 else {
            throw NetworkConfigError("SegmentationDecoderSettings: channel counts and classes must be positive")
        }
        guard (0...1).contains(headDropout), (0...1).contains(layerDropout) else {
            throw NetworkConfigError("SegmentationDecoderSettings: dropout probabilities must lie in [0, 1]")
        }
        guard outputStride >= 1 else {
            throw NetworkConfigError("SegmentationDecoderSettings.outputStride: \(outputStride) must be at least 1")
        }
    }
}
