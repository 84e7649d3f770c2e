import TensorEngine

/// 2-D convolution over [N, Cin, H, W] giving [N, Cout, Ho, Wo] with
/// Ho = floor((H + 2 padding - dilation (k - 1) - 1) / stride) + 1 (likewise Wo).
///
/// State names: "weight" [Cout, Cin, k, k] and, when present, "bias" [Cout].
public final class Conv2d: Module, UnaryLayer {
    /// Kernel, [outputChannels, inputChannels, kernelSize, kernelSize].
    public let weight: Tensor
    /// Per-output-channel offset, [outputChannels], or nil.
    public let bias: Tensor?
    public let stride: Int
    public let padding: Int
    public let dilation: Int
    public let paddingMode: ConvPadding
    public let initialization: ConvInitialization

    /// - Parameters:
    ///   - inputChannels, outputChannels: Cin and Cout.
    ///   - kernelSize: k (square kernel), in pixels.
    ///   - stride, padding, dilation: in pixels, as nn.Conv2d.
    ///   - bias: whether a bias is added.
    ///   - paddingMode: zeros, or reflection of the image border.
    ///   - initialization: how `resetParameters` draws the weights.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1,
                padding: Int = 0, dilation: Int = 1, bias: Bool = true,
                paddingMode: ConvPadding = .zeros,
                initialization: ConvInitialization = .pytorchDefault) {
        precondition(inputChannels > 0 && outputChannels > 0 && kernelSize > 0 && stride > 0
                     && padding >= 0 && dilation > 0,
                     "Conv2d: invalid geometry \(inputChannels)->\(outputChannels) k\(kernelSize) s\(stride) p\(padding) d\(dilation)")
        weight = Tensor.zeros([outputChannels, inputChannels, kernelSize, kernelSize], requiresGrad: true)
        self.bias = bias ? Tensor.zeros([outputChannels], requiresGrad: true) : nil
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.paddingMode = paddingMode
        self.initialization = initialization
        super.init()
    }

    public var inputChannels: Int { weight.shape[1] }
    public var outputChannels: Int { weight.shape[0] }

    public override func resetParameters(using rng: RandomGenerator) {
        let s = weight.shape
        let receptive = s[2] * s[3]
        var weightRNG = rng.split("weight")
        var biasRNG = rng.split("bias")
        let values: Tensor
        var biasBound: Float = 0
        switch initialization {
        case .pytorchDefault:
            let bound = 1 / Float(s[1] * receptive).squareRoot()
            values = Tensor.uniform(s, -bound, bound, rng: &weightRNG)
            biasBound = bound
        case .kaimingNormalFanOut:
            values = Tensor.normal(s, std: (2 / Float(s[0] * receptive)).squareRoot(), rng: &weightRNG)
        case .zeros:
            values = Tensor.zeros(s)
        }
        weight.assign(values)
        if let bias {
            bias.assign(biasBound > 0 ? Tensor.uniform(bias.shape, -biasBound, biasBound, rng: &biasRNG)
                                      : Tensor.zeros(bias.shape))
        }
    }

    /// Convolves `x` ([N, Cin, H, W]).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch paddingMode {
        case .zeros:
            return x.conv2d(weight, bias: bias, stride: stride, padding: padding, dilation: dilation)
        case .reflect:
            let padded = padding > 0 ? x.reflectionPad2d(padding) : x
            return padded.conv2d(weight, bias: bias, stride: stride, padding: 0, dilation: dilation)
        }
    }
}
