import TensorEngine

/// How a convolution's weight and bias are drawn before training.
public enum ConvInitialization: Sendable, Equatable {
    /// PyTorch's default for nn.Conv2d: weight and bias uniform in
    /// [-1/sqrt(fan_in), 1/sqrt(fan_in)], fan_in = Cin * kh * kw.
    case pytorchDefault
    /// torchvision's ResNet initialisation: weight normal with standard deviation
    /// sqrt(2 / fan_out), fan_out = Cout * kh * kw (kaiming_normal_, mode 'fan_out',
    /// ReLU gain); bias (if any) zero.
    case kaimingNormalFanOut
    /// Weight and bias zero (e.g. attention convolutions that start switched off).
    case zeros
}

/// How the border of the input is padded before a convolution.
public enum ConvPadding: Sendable, Equatable {
    /// Zeros outside the image (nn.Conv2d's padding).
    case zeros
    /// Mirror the image without repeating the edge (nn.ReflectionPad2d), as monodepth2's
    /// Conv3x3.
    case reflect
}

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
