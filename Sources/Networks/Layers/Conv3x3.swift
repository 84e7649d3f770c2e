import TensorEngine

/// monodepth2's Conv3x3: a 3x3 convolution with bias on a reflection-padded input
/// (padding 1), keeping H and W. [N, Cin, H, W] -> [N, Cout, H, W].
///
/// State names: "conv.weight", "conv.bias" (the padding layer has no state).
public final class Conv3x3: Module, UnaryLayer {
    public let conv: Conv2d

    public init(inputChannels: Int, outputChannels: Int, reflectionPadding: Bool = true) {
        conv = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3,
                      padding: 1, paddingMode: reflectionPadding ? .reflect : .zeros)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { conv(x) }
}
