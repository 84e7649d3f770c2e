import TensorEngine

/// The segmentation decoder of experiments 210 and 211 (the reference's
/// JointSegDepthDecoder): its own copy of the depth decoder (so the 'transfer' variant
/// can start it from a depth checkpoint), then a light head.
///
/// Forward: the decoder copy runs all stages (its disparity heads are not evaluated:
/// the reference computes and discards them, so their parameters get no gradient in
/// either implementation); each configured layer goes through a 1x1 convolution (no
/// bias) to `layerOutputChannels` and is resized bilinearly (align_corners false) to
/// 1 / outputStride of layer 9's size; the results are concatenated; the head applies
/// [layer dropout], [3x3 convolution (no bias) + batch norm + ReLU + dropout] and a 1x1
/// convolution to the classes; the logits are resized bilinearly to layer 9's size
/// when outputStride > 1.
///
/// Without the intermediate convolution the final 1x1 convolution takes the
/// concatenated width (the reference declares `head_inter_channels` there, equal in all
/// its configurations).
///
/// State names: "unet_dec." + the depth decoder's names, "project.seg<L>.0.weight",
/// "head.<k>.*" with the reference's positions (final convolution "head.2" without and
/// "head.5" with the intermediate convolution).
public final class SegmentationDecoder: Module {
    public let unetDec: DepthDecoder
    /// The 1x1 projection of each of `config.layers`, in order.
    public let projections: [Sequential]
    public let head: Sequential
    public let config: SegmentationDecoderSettings

    /// A decoder with PyTorch's default initialisation drawn from `rng`.
    /// - Throws: `NetworkConfigError` for an invalid configuration.
    public convenience init(config: SegmentationDecoderSettings, depthDecoder: DepthDecoderSettings,
                            encoderChannels: [Int], rng: RandomGenerator) throws {
        try self.init(uninitialized: config, depthDecoder: depthDecoder, encoderChannels: encoderChannels)
        initializeParameters(using: rng)
    }

    init(uninitialized config: SegmentationDecoderSettings, depthDecoder: DepthDecoderSettings,
         encoderChannels: [Int]) throws {
        try config.validate()
        unetDec = try DepthDecoder(uninitialized: depthDecoder, encoderChannels: encoderChannels)
        projections = config.layers.map { layer in
            Sequential([Conv2d(inputChannels: NetworkLayer.channels(layer, encoderChannels: encoderChannels,
                                                                     decoderChannels: depthDecoder.channels),
                               outputChannels: config.layerOutputChannels, kernelSize: 1, bias: false)])
        }
        let stacked = config.layerOutputChannels * config.layers.count
        var layers: [any UnaryLayer] = [config.layerDropout > 0 ? Dropout(probability: config.layerDropout) : Identity()]
        if config.headInter {
            layers += [
                Conv2d(inputChannels: stacked, outputChannels: config.headInterChannels, kernelSize: 3, padding: 1,
                       bias: false),
                BatchNorm2d(channels: config.headInterChannels),
                Activation(.relu),
                Dropout(probability: config.headDropout),
            ]
        } else {
            layers.append(Identity())
        }
        layers.append(Conv2d(inputChannels: config.headInter ? config.headInterChannels : stacked,
                             outputChannels: config.classes, kernelSize: 1))
        head = Sequential(layers)
        self.config = config
        super.init()
    }

    public override func namedChildren() -> [(String, Module)] {
        [("unet_dec", unetDec)]
            + zip(config.layers, projections).map { ("project.seg\($0.0)", $0.1) }
            + [("head", head)]
    }

    /// Class logits [N, classes, H9, W9] from the encoder's five feature maps, where
    /// H9 x W9 is layer 9's size (the input image's).
    public func callAsFunction(_ encoderFeatures: [Tensor]) -> Tensor {
        let decoded = unetDec.decode(encoderFeatures, computeDisparities: false)
        let full = NetworkLayer.feature(NetworkLayer.last, encoder: encoderFeatures, decoder: decoded)
        let (height, width) = (full.shape[2], full.shape[3])
        let (headHeight, headWidth) = (height / config.outputStride, width / config.outputStride)
        var stacked: [Tensor] = []
        for (layer, projection) in zip(config.layers, projections) {
            var x = projection(NetworkLayer.feature(layer, encoder: encoderFeatures, decoder: decoded))
            if x.shape[2] != headHeight || x.shape[3] != headWidth {
                x = x.resize(height: headHeight, width: headWidth, mode: .bilinear, alignCorners: false)
            }
            stacked.append(x)
        }
        var logits = head(stacked.count == 1 ? stacked[0] : Tensor.concat(stacked, axis: 1))
        if headHeight != height || headWidth != width {
            logits = logits.resize(height: height, width: width, mode: .bilinear, alignCorners: false)
        }
        return logits
    }
}
