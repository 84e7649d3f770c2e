import TensorEngine

/// The reference's model_parts.SelfAttention, the cross-task attention of PAD: a gated
/// 3x3 convolution, conv(x) * sigmoid(attention(x)), both convolutions zero-padded with
/// no bias. The attention convolution starts at zero (a gate of 1/2 everywhere).
/// [N, Cin, H, W] -> [N, Cout, H, W].
///
/// State names: "conv.weight", "attention.weight" ([Cout, Cin, 3, 3]).
public final class SelfAttention: Module, UnaryLayer {
    public let conv: Conv2d
    public let attention: Conv2d

    public init(inputChannels: Int, outputChannels: Int) {
        conv = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1,
                      bias: false)
        attention = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1,
                           bias: false, initialization: .zeros)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        conv(x) * attention(x).sigmoid()
    }
}
