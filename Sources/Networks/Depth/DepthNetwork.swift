import TensorEngine

/// The depth network of self-supervised pretraining: the encoder and the depth decoder.
///
/// State names: "encoder." + the encoder's names ("encoder.encoder.conv1.weight") and
/// "depth." + the decoder's ("depth.decoder.0.convs.0.0.weight"); the reference saves the
/// two parts as encoder.pth and depth.pth with the names after the first component, so
/// `stateDict().entries(under: "encoder")` is what its encoder file holds.
public final class DepthNetwork: Module {
    public let encoder: ResNetEncoder
    public let depth: DepthDecoder

    /// A depth network initialised from `rng` (torchvision's scheme for the encoder,
    /// PyTorch's default for the decoder).
    /// - Throws: `NetworkConfigError` for an invalid configuration.
    public init(encoder encoderConfig: ResNetSettings, decoder decoderConfig: DepthDecoderSettings,
                rng: RandomGenerator) throws {
        encoder = try ResNetEncoder(uninitialized: encoderConfig)
        depth = try DepthDecoder(uninitialized: decoderConfig, encoderChannels: encoderConfig.featureChannels)
        super.init()
        initializeParameters(using: rng)
    }

    /// Encodes `images` ([N, 3, H, W] in [0, 1]) and decodes disparities at every
    /// configured scale; returns the encoder features too (for the feature-distance loss).
    public func callAsFunction(_ images: Tensor) -> (features: [Tensor], output: DepthDecoderOutput) {
        let features = encoder(images)
        return (features, depth(features))
    }
}
