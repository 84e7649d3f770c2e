import TensorEngine

/// torchvision's ResNet without its classifier (avgpool and fc): the stem (7x7 stride-2
/// convolution, batch norm, ReLU, 3x3 stride-2 max pooling) and four stages of residual
/// blocks. Parameters are initialised as torchvision does (kaiming normal fan_out for
/// convolutions, batch norm weight 1 and bias 0).
///
/// State names equal torchvision's state_dict keys without "fc.": "conv1.weight",
/// "bn1.running_mean", "layer3.5.conv2.weight", "layer4.0.downsample.0.weight", ...
public final class ResNet: Module {
    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    public let layer1: [any ResNetBlock]
    public let layer2: [any ResNetBlock]
    public let layer3: [any ResNetBlock]
    public let layer4: [any ResNetBlock]

    /// Builds the layers of `config` (which must be valid) with zero weights; call
    /// `initializeParameters(using:)` before use.
    init(validConfig config: ResNetConfig) {
        let stem = config.stemChannels
        conv1 = Conv2d(inputChannels: 3 * config.inputImages, outputChannels: stem, kernelSize: 7, stride: 2,
                       padding: 3, bias: false, initialization: .kaimingNormalFanOut)
        bn1 = BatchNorm2d(channels: stem)

        // torchvision's _make_layer: a dilated stage keeps stride 1 and multiplies the
        // running dilation by the stride it skipped; its first block still uses the
        // previous dilation.
        var inputChannels = stem
        var dilation = 1
        var stages: [[any ResNetBlock]] = []
        let dilate = [false, false, false, config.dilateLastStage]
        for stage in 0..<4 {
            var stride = stage == 0 ? 1 : 2
            let previousDilation = dilation
            if dilate[stage] {
                dilation *= stride
                stride = 1
            }
            let planes = config.stagePlanes[stage]
            let output = planes * config.expansion
            var blocks: [any ResNetBlock] = []
            for index in 0..<config.blockCounts[stage] {
                let first = index == 0
                let blockInput = first ? inputChannels : output
                let blockStride = first ? stride : 1
                let blockDilation = first ? previousDilation : dilation
                let project = first && (stride != 1 || inputChannels != output)
                if config.usesBottleneck {
                    blocks.append(Bottleneck(inputChannels: blockInput, planes: planes, stride: blockStride,
                                             dilation: blockDilation, downsample: project))
                } else {
                    blocks.append(BasicBlock(inputChannels: blockInput, planes: planes, stride: blockStride,
                                             dilation: blockDilation, downsample: project))
                }
            }
            stages.append(blocks)
            inputChannels = output
        }
        layer1 = stages[0]
        layer2 = stages[1]
        layer3 = stages[2]
        layer4 = stages[3]
        super.init()
    }

    /// The stem's output after ReLU (before max pooling): [N, stem, H/2, W/2].
    public func stem(_ x: Tensor) -> Tensor {
        bn1(conv1(x)).relu()
    }

    /// The stages' blocks, first to last.
    public var stages: [[any ResNetBlock]] { [layer1, layer2, layer3, layer4] }
}

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
    public let config: ResNetConfig

    /// An encoder with torchvision's initialisation drawn from `rng` (per parameter name).
    /// - Throws: `NetworkConfigError` for an invalid `config`.
    public convenience init(config: ResNetConfig, rng: RandomGenerator) throws {
        try self.init(uninitialized: config)
        initializeParameters(using: rng)
    }

    /// The layers with zero weights, for networks that initialise their whole tree.
    init(uninitialized config: ResNetConfig) throws {
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
