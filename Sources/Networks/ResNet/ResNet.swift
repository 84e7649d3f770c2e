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
    init(validConfig config: ResNetSettings) {
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
