/// The 1x1 convolution + batch norm that matches the shortcut to a block's output
/// (torchvision's "downsample": state names "0.weight", "1.*").
func shortcutProjection(inputChannels: Int, outputChannels: Int, stride: Int) -> Sequential {
    Sequential([
        Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 1, stride: stride,
               bias: false, initialization: .kaimingNormalFanOut),
        BatchNorm2d(channels: outputChannels),
    ])
}
