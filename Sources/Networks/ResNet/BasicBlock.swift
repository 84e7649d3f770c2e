import TensorEngine

/// ResNet-18/34's block: two 3x3 convolutions with batch norm, ReLU, and the shortcut.
///
/// Dilation (which torchvision's BasicBlock refuses) applies to the first 3x3
/// convolution (padding = dilation) and the second stays undilated, as mmcv's ResNet;
/// only our small profiles' dilated last stage uses it.
///
/// State names as torchvision: conv1, bn1, conv2, bn2, downsample.0, downsample.1.
public final class BasicBlock: Module, ResNetBlock {
    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    public let conv2: Conv2d
    public let bn2: BatchNorm2d
    public let downsample: Sequential?

    /// - Parameters:
    ///   - inputChannels: Cin.
    ///   - planes: Cout (expansion 1).
    ///   - stride: 1 or 2, applied by the first convolution.
    ///   - dilation: of the first convolution, in pixels.
    ///   - downsample: whether the shortcut is projected (stride or channel change).
    public init(inputChannels: Int, planes: Int, stride: Int, dilation: Int, downsample: Bool) {
        conv1 = Conv2d(inputChannels: inputChannels, outputChannels: planes, kernelSize: 3, stride: stride,
                       padding: dilation, dilation: dilation, bias: false, initialization: .kaimingNormalFanOut)
        bn1 = BatchNorm2d(channels: planes)
        conv2 = Conv2d(inputChannels: planes, outputChannels: planes, kernelSize: 3, padding: 1,
                       bias: false, initialization: .kaimingNormalFanOut)
        bn2 = BatchNorm2d(channels: planes)
        self.downsample = downsample
            ? shortcutProjection(inputChannels: inputChannels, outputChannels: planes, stride: stride) : nil
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let y = bn2(conv2(bn1(conv1(x)).relu()))
        return (y + (downsample?(x) ?? x)).relu()
    }
}
