import TensorEngine

/// Atrous spatial pyramid pooling (DeepLabv3's ASPP, the reference's model_parts.ASPP):
/// a 1x1 branch, one dilated 3x3 branch per rate and a global-average-pooling branch,
/// each convolution (no bias) + batch norm + ReLU; concatenated, projected by 1x1
/// convolution + batch norm + ReLU, then dropout 0.5.
/// [N, Cin, H, W] -> [N, Cout, H, W].
///
/// State names as the reference: "convs.0.0.weight" (1x1), "convs.1.0.weight" (first
/// rate), ..., "convs.4.1.weight" (pooling branch), "project.0.weight", "project.1.*".
public final class ASPP: Module, UnaryLayer {
    public let convs: [any UnaryLayer]
    public let project: Sequential

    /// - Parameters:
    ///   - rates: dilations of the 3x3 branches, in pixels (the paper: 6, 12, 18).
    ///   - pooling: whether to add the image-level pooling branch.
    public init(inputChannels: Int, outputChannels: Int, rates: [Int], pooling: Bool) {
        func normalisedReLU(_ conv: Conv2d) -> [any UnaryLayer] {
            [conv, BatchNorm2d(channels: outputChannels), Activation(.relu)]
        }
        var branches: [any UnaryLayer] = [Sequential(normalisedReLU(
            Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 1, bias: false)))]
        for rate in rates {
            branches.append(Sequential(normalisedReLU(
                Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3,
                       padding: rate, dilation: rate, bias: false))))
        }
        if pooling {
            branches.append(ASPPPooling(inputChannels: inputChannels, outputChannels: outputChannels))
        }
        convs = branches
        project = Sequential([
            Conv2d(inputChannels: branches.count * outputChannels, outputChannels: outputChannels,
                   kernelSize: 1, bias: false),
            BatchNorm2d(channels: outputChannels),
            Activation(.relu),
            Dropout(probability: 0.5),
        ])
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        project(Tensor.concat(convs.map { $0(x) }, axis: 1))
    }
}
