import TensorEngine

/// The encoder of the paper's networks (the reference's ResnetEncoder, from
/// monodepth2): normalises images as (x - 0.45) / 0.225 and returns five feature maps,
/// the stem's (after ReLU) and those of the four stages.
///
/// For an input [N, 3 inputImages, H, W] in [0, 1], feature i has
/// `config.featureChannels[i]` channels and stride `config.featureStrides[i]`
/// ([2, 4, 8, 16, 16] when the last stage is dilated): exactly H / stride x W / stride
/// when H and W are multiples of the last stride (the decoders need that).
///
/// State names: "encoder." + torchvision's keys ("encoder.layer1.0.conv1.weight").
public final class ResNetEncoder: Module {
    public let encoder: ResNet
    public let config: ResNetSettings

    /// An encoder with torchvision's initialisation drawn from `rng` (per parameter name).
    /// - Throws: `NetworkConfigError` for an invalid `config`.
    public convenience init(config: ResNetSettings, rng: RandomGenerator) throws {
        try self.init(uninitialized: config)
        initializeParameters(using: rng)
    }

    /// The layers with zero weights, for networks that initialise their whole tree.
    init(uninitialized config: ResNetSettings) throws {
        try config.validate()
        encoder = ResNet(validConfig: config)
        self.config = config
        super.init()
    }

    /// Channels of the five feature maps.
    public var featureChannels: [Int] { config.featureChannels }

    /// Encodes `images` ([N, 3 inputImages, H, W], values in [0, 1]) into five feature
    /// maps [N, featureChannels[i], ~H / featureStrides[i], ~W / featureStrides[i]].
    public func callAsFunction(_ images: Tensor) -> [Tensor] {
        precondition(images.rank == 4 && images.shape[1] == 3 * config.inputImages,
                     "ResNetEncoder: expected [N, \(3 * config.inputImages), H, W] images, got \(images.shape)")
        var x = encoder.stem((images - 0.45) / 0.225)
        var features = [x]
        x = x.maxPool2d(kernelSize: 3, stride: 2, padding: 1)
        for stage in encoder.stages {
            for block in stage { x = block(x) }
            features.append(x)
        }
        return features
    }
}
