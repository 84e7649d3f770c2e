import TensorEngine

/// The reference's PAD decoder ('mtl_pad', models/joint_segmentation_depth_decoder.py):
/// two copies of the depth decoder, one for depth and one for segmentation.
///
/// Forward: both decoders run stages 4 ... d (d = 9 - distillationLayer); the side head
/// (1x1 convolution with bias) classifies the segmentation features there; each task
/// adds the other's features passed through its self-attention block
/// (seg' = seg + sa_depth(depth), depth' = depth + sa_seg(seg)); both decoders run the
/// remaining stages d - 1 ... 0 from those merged features; the final head (1x1
/// convolution with bias) classifies the segmentation decoder's `finalLayer` feature.
/// The depth decoder gives disparities at its scales (those >= d from the first half);
/// the segmentation decoder's disparity heads are never evaluated (the reference
/// replaces them by identities after registering them, so they stay in its state dict).
/// No output is resized (the reference resizes only for output strides > 1).
///
/// State names: "depth_dec." and "seg_dec." + the depth decoder's names,
/// "sa_depth.conv.weight", "sa_depth.attention.weight", "sa_seg.*",
/// "seg_intermediate_head.0.weight|bias", "seg_final_head.0.weight|bias".
public final class PADDecoder: Module {
    public let depthDec: DepthDecoder
    public let segDec: DepthDecoder
    /// Attention over the depth features, added to the segmentation features.
    public let saDepth: SelfAttention
    /// Attention over the segmentation features, added to the depth features.
    public let saSeg: SelfAttention
    public let segIntermediateHead: Sequential?
    public let segFinalHead: Sequential
    public let config: MultiTaskDecoderSettings

    /// A decoder with PyTorch's default initialisation drawn from `rng` (the attention
    /// convolutions start at zero).
    /// - Throws: `NetworkConfigError` for an invalid configuration.
    public convenience init(config: MultiTaskDecoderSettings, depthDecoder: DepthDecoderSettings, encoderChannels: [Int],
                            rng: RandomGenerator) throws {
        try self.init(uninitialized: config, depthDecoder: depthDecoder, encoderChannels: encoderChannels)
        initializeParameters(using: rng)
    }

    init(uninitialized config: MultiTaskDecoderSettings, depthDecoder: DepthDecoderSettings, encoderChannels: [Int]) throws {
        try config.validate()
        var decoderConfig = depthDecoder
        decoderConfig.scales = [0, 1, 2, 3]
        depthDec = try DepthDecoder(uninitialized: decoderConfig, encoderChannels: encoderChannels)
        segDec = try DepthDecoder(uninitialized: decoderConfig, encoderChannels: encoderChannels)
        let distillationChannels = NetworkLayer.channels(config.distillationLayer, encoderChannels: encoderChannels,
                                                         decoderChannels: depthDecoder.channels)
        let finalChannels = NetworkLayer.channels(config.finalLayer, encoderChannels: encoderChannels,
                                                  decoderChannels: depthDecoder.channels)
        saDepth = SelfAttention(inputChannels: distillationChannels, outputChannels: distillationChannels)
        saSeg = SelfAttention(inputChannels: distillationChannels, outputChannels: distillationChannels)
        segIntermediateHead = config.sideOutput
            ? Sequential([Conv2d(inputChannels: distillationChannels, outputChannels: config.classes, kernelSize: 1)])
            : nil
        segFinalHead = Sequential([Conv2d(inputChannels: finalChannels, outputChannels: config.classes, kernelSize: 1)])
        self.config = config
        super.init()
    }

    public override func namedChildren() -> [(String, Module)] {
        var out: [(String, Module)] = [("depth_dec", depthDec), ("seg_dec", segDec), ("sa_depth", saDepth),
                                       ("sa_seg", saSeg)]
        if let segIntermediateHead { out.append(("seg_intermediate_head", segIntermediateHead)) }
        out.append(("seg_final_head", segFinalHead))
        return out
    }

    /// The reference's `depth_params()`: the depth decoder and `sa_seg` (the block that
    /// feeds the depth decoder).
    public var depthParameters: [Tensor] { depthDec.parameters() + saSeg.parameters() }

    /// The reference's `segmentation_params()`: the segmentation decoder, `sa_depth` and
    /// the heads.
    public var segmentationParameters: [Tensor] {
        segDec.parameters() + saDepth.parameters() + segFinalHead.parameters()
            + (segIntermediateHead?.parameters() ?? [])
    }

    /// Decodes the encoder's five feature maps ([N, encoderChannels[i], H / 2^(i+1), ...]
    /// for a non-dilated encoder; the dilated one keeps stage 4 at stride 16).
    public func callAsFunction(_ encoderFeatures: [Tensor]) -> MultiTaskOutput {
        let d = config.distillationStage
        let first = Array(stride(from: 4, through: d, by: -1))
        let second = Array(stride(from: d - 1, through: 0, by: -1))
        var depth = depthDec.decode(encoderFeatures, stages: first)
        let seg = segDec.decode(encoderFeatures, stages: first, computeDisparities: false)
        let depthFeature = depth.features[d]!, segFeature = seg.features[d]!
        let intermediate = segIntermediateHead.map { $0(segFeature) }
        let mergedForSeg = segFeature + saDepth(depthFeature)
        let mergedForDepth = depthFeature + saSeg(segFeature)
        depth.merge(depthDec.decode(encoderFeatures, from: mergedForDepth, stages: second))
        let segSecond = segDec.decode(encoderFeatures, from: mergedForSeg, stages: second, computeDisparities: false)
        let semantics = segFinalHead(segSecond.features[NetworkLayer.last - config.finalLayer]!)
        return MultiTaskOutput(disparities: depth.disparities, semantics: semantics, intermediateSemantics: intermediate)
    }
}
