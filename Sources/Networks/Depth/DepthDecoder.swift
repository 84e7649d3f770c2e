import TensorEngine

/// The reference's depth decoder (monodepth2's, with an intermediate ASPP).
///
/// For stage i = 4 down to 0: block (i, 0) — the ASPP at i = 4 when configured, else a
/// ConvBlock — maps the running features to channels[i]; they are upsampled x2
/// (nearest) when narrower than encoder feature i - 1, and always at i = 0;
/// concatenated with encoder feature i - 1 when i > 0; block (i, 1), a ConvBlock, gives
/// decoder feature ("upconv", i); for each configured scale s = i a reflection-padded
/// 3x3 convolution + sigmoid gives the disparity.
///
/// State names follow the reference's ModuleList: "decoder.0" = block (4, 0),
/// "decoder.2" = block (4, 1), "decoder.3" = block (3, 0), ..., "decoder.13" = block
/// (0, 1), then "decoder.14" ... the disparity convolutions (skip projections, which
/// are identities here, keep positions 1, 4, 7, 10).
public final class DepthDecoder: Module {
    /// Block (i, 0) at index i.
    public let firstBlocks: [any UnaryLayer]
    /// Block (i, 1) at index i.
    public let secondBlocks: [ConvBlock]
    /// Disparity convolution of `config.scales[k]` at index k.
    public let dispConvs: [Conv3x3]
    public let config: DepthDecoderSettings
    /// Channels of the encoder features it reads (5).
    public let encoderChannels: [Int]

    /// A decoder with PyTorch's default initialisation drawn from `rng`.
    /// - Throws: `NetworkConfigError` for an invalid configuration.
    public convenience init(config: DepthDecoderSettings, encoderChannels: [Int], rng: RandomGenerator) throws {
        try self.init(uninitialized: config, encoderChannels: encoderChannels)
        initializeParameters(using: rng)
    }

    init(uninitialized config: DepthDecoderSettings, encoderChannels: [Int]) throws {
        try config.validate()
        guard encoderChannels.count == 5, encoderChannels.allSatisfy({ $0 > 0 }) else {
            throw NetworkConfigError("DepthDecoder: need 5 positive encoder widths, got \(encoderChannels)")
        }
        let ch = config.channels
        var first: [any UnaryLayer] = []
        var second: [ConvBlock] = []
        for i in 0...4 {
            let input = i == 4 ? encoderChannels[4] : ch[i + 1]
            if i == 4 && config.intermediateASPP {
                first.append(ASPP(inputChannels: input, outputChannels: ch[i], rates: config.asppRates,
                                  pooling: config.asppPooling))
            } else {
                first.append(ConvBlock(inputChannels: input, outputChannels: ch[i], batchNorm: config.batchNorm))
            }
            let skip = i > 0 ? encoderChannels[i - 1] : 0
            second.append(ConvBlock(inputChannels: ch[i] + skip, outputChannels: ch[i], batchNorm: config.batchNorm))
        }
        firstBlocks = first
        secondBlocks = second
        dispConvs = config.scales.map { Conv3x3(inputChannels: ch[$0], outputChannels: 1) }
        self.config = config
        self.encoderChannels = encoderChannels
        super.init()
    }

    public override func namedChildren() -> [(String, Module)] {
        var out: [(String, Module)] = []
        var index = 0
        for i in stride(from: 4, through: 0, by: -1) {
            out.append(("decoder.\(index)", firstBlocks[i]))
            index += i > 0 ? 2 : 1
            out.append(("decoder.\(index)", secondBlocks[i]))
            index += 1
        }
        for conv in dispConvs {
            out.append(("decoder.\(index)", conv))
            index += 1
        }
        return out
    }

    /// Runs every stage on `encoderFeatures` (the encoder's five maps) and computes the
    /// disparities of all configured scales.
    public func callAsFunction(_ encoderFeatures: [Tensor]) -> DepthDecoderOutput {
        decode(encoderFeatures)
    }

    /// Runs `stages` (a descending run of 4...0) and returns their features and, when
    /// `computeDisparities`, the disparities of configured scales among them.
    ///
    /// - Parameters:
    ///   - encoderFeatures: the five encoder maps [N, encoderChannels[i], ...].
    ///   - input: the features entering the first stage run; nil means encoder feature 4.
    ///     To stop after stage k and continue later, run `stages: [4, ..., k]`, take
    ///     (or modify) `features[k]`, and pass it here with `stages: [k - 1, ..., 0]`.
    ///   - stages: stage indices to run, descending and consecutive.
    ///   - computeDisparities: whether to apply the disparity heads.
    public func decode(_ encoderFeatures: [Tensor], from input: Tensor? = nil,
                       stages: [Int] = [4, 3, 2, 1, 0], computeDisparities: Bool = true) -> DepthDecoderOutput {
        precondition(encoderFeatures.count == 5, "DepthDecoder: expected 5 encoder features, got \(encoderFeatures.count)")
        for (i, f) in encoderFeatures.enumerated() {
            precondition(f.rank == 4 && f.shape[1] == encoderChannels[i],
                         "DepthDecoder: encoder feature \(i) is \(f.shape), expected \(encoderChannels[i]) channels")
        }
        precondition(!stages.isEmpty && zip(stages, stages.dropFirst()).allSatisfy { $0 - 1 == $1 }
                     && stages.allSatisfy { (0...4).contains($0) },
                     "DepthDecoder: stages must be a descending run within 4...0, got \(stages)")
        var out = DepthDecoderOutput()
        var x = input ?? encoderFeatures[4]
        for i in stages {
            x = firstBlocks[i](x)
            if i == 0 || x.shape[3] < encoderFeatures[i - 1].shape[3] {
                x = x.upsampleNearest(scale: 2)
            }
            if i > 0 {
                let skip = encoderFeatures[i - 1]
                precondition(x.shape[2] == skip.shape[2] && x.shape[3] == skip.shape[3],
                             "DepthDecoder: stage \(i) features \(x.shape) do not match encoder feature \(i - 1) \(skip.shape); image sides must be multiples of the encoder's output stride (16 dilated, 32 otherwise)")
                x = Tensor.concat([x, skip], axis: 1)
            }
            x = secondBlocks[i](x)
            out.features[i] = x
            if computeDisparities, let k = config.scales.firstIndex(of: i) {
                out.disparities[i] = dispConvs[k](x).sigmoid()
            }
        }
        return out
    }
}
