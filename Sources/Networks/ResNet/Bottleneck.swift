import TensorEngine

/// ResNet-50/101/152's block (torchvision v1.5: stride on the 3x3): 1x1 reduce to
/// `planes`, 3x3 (stride, dilation), 1x1 expand to 4 `planes`, batch norm after each,
/// ReLU, and the shortcut.
///
/// State names as torchvision: conv1, bn1, conv2, bn2, conv3, bn3, downsample.0, downsample.1.
public final class Bottleneck: Module, ResNetBlock {
    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    public let conv2: Conv2d
    public let bn2: BatchNorm2d
    public let conv3: Conv2d
    public let bn3: BatchNorm2d
    public let downsample: Sequential?

    /// - Parameters:
    ///   - inputChannels: Cin.
    ///   - planes: width of the inner convolutions; the output has 4 `planes` channels.
    ///   - stride: 1 or 2, applied by the 3x3 convolution.
    ///   - dilation: of the 3x3 convolution, in pixels.
    ///   - downsample: whether the shortcut is projected.
    public init(inputChannels: Int, planes: Int, stride: Int, dilation: Int, downsample: Bool) {
        let out = planes * 4
        conv1 = Conv2d(inputChannels: inputChannels, outputChannels: planes, kernelSize: 1, bias: false,
                       initialization: .kaimingNormalFanOut)
        bn1 = BatchNorm2d(channels: planes)
        conv2 = Conv2d(inputChannels: planes, outputChannels: planes, kernelSize: 3, stride: stride,
                       padding: dilation, dilation: dilation, bias: false, initialization: .kaimingNormalFanOut)
        bn2 = BatchNorm2d(channels: planes)
        conv3 = Conv2d(inputChannels: planes, outputChannels: out, kernelSize: 1, bias: false,
                       initialization: .kaimingNormalFanOut)
        bn3 = BatchNorm2d(channels: out)
        self.downsample = downsample
            ? shortcutProjection(inputChannels: inputChannels, outputChannels: out, stride: stride) : nil
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        var y = bn1(conv1(x)).relu()
        y = bn2(conv2(y)).relu()
        y = bn3(conv3(y))
        return (y + (downsample?(x) ?? x)).relu()
    }
}
