import TensorEngine

/// monodepth2's ConvBlock as the reference extends it: reflection-padded 3x3
/// convolution with bias, optional batch norm, ELU. [N, Cin, H, W] -> [N, Cout, H, W].
///
/// State names: "block.0.conv.weight", "block.0.conv.bias" and, with batch norm,
/// "block.1.weight", "block.1.running_mean", ... (positions 2 and 3 hold the ELU and
/// the reference's unused dropout slot).
public final class ConvBlock: Module, UnaryLayer {
    public let block: Sequential

    public init(inputChannels: Int, outputChannels: Int, batchNorm: Bool) {
        block = Sequential([
            Conv3x3(inputChannels: inputChannels, outputChannels: outputChannels),
            batchNorm ? BatchNorm2d(channels: outputChannels) : Identity(),
            Activation(.elu),
            Identity(),
        ])
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { block(x) }
}
