import TensorEngine

/// The multi-task network of experiment 212 (the reference's JointSegmentationMonodepth
/// with 'mtl_pad'): the encoder and the PAD decoder, predicting disparities at four
/// scales and segmentation (final and side output) from one image.
///
/// State names: "encoder." + the encoder's names and "mtl_decoder." + the decoder's
/// ("mtl_decoder.depth_dec.decoder.0.convs.0.0.weight", "mtl_decoder.seg_final_head.0.bias").
public final class MultiTaskNetwork: Module {
    public let encoder: ResNetEncoder
    public let mtlDecoder: PADDecoder

    /// A network initialised from `rng` (torchvision's scheme for the encoder, PyTorch's
    /// default elsewhere, zero attention convolutions).
    /// - Throws: `NetworkConfigError` for an invalid configuration.
    public init(encoder encoderConfig: ResNetSettings, depthDecoder: DepthDecoderSettings, decoder: MultiTaskDecoderSettings,
                rng: RandomGenerator) throws {
        encoder = try ResNetEncoder(uninitialized: encoderConfig)
        mtlDecoder = try PADDecoder(uninitialized: decoder, depthDecoder: depthDecoder,
                                    encoderChannels: encoderConfig.featureChannels)
        super.init()
        initializeParameters(using: rng)
    }

    /// Disparities, segmentation logits and side output for `images` [N, 3, H, W] in [0, 1].
    public func callAsFunction(_ images: Tensor) -> MultiTaskOutput {
        mtlDecoder(encoder(images))
    }

    /// The optimiser's groups as the reference's `get_train_params` forms them for
    /// 'mtl_pad': the encoder (backbone learning rate), the segmentation parameters and
    /// the depth parameters (`PADDecoder.segmentationParameters`, `.depthParameters`).
    public var backboneParameters: [Tensor] { encoder.parameters() }

    /// Everything but the encoder: the segmentation parameters, then the depth parameters.
    public var decoderParameters: [Tensor] { mtlDecoder.segmentationParameters + mtlDecoder.depthParameters }

    /// The reference's initialisation for 212: the encoder from the depth pretraining's
    /// encoder and *both* task decoders from its depth decoder (strictly: every tensor
    /// present with the same shape). Attention blocks and heads keep their values.
    ///
    /// - Parameter depthState: a `DepthNetwork` state dict (keys "encoder.*", "depth.*";
    ///   other keys ignored).
    /// - Throws: `StateDictError` naming the first part that does not fit; nothing is
    ///   changed then.
    public func loadDepthPretraining(_ depthState: [String: Tensor]) throws {
        let encoderState = depthState.entries(under: "encoder")
        let decoderState = depthState.entries(under: "depth")
        try checkLoadable(encoderState, into: encoder.stateDict(), part: "encoder")
        try checkLoadable(decoderState, into: mtlDecoder.depthDec.stateDict(), part: "depth")
        try encoder.load(stateDict: encoderState)
        try mtlDecoder.depthDec.load(stateDict: decoderState)
        try mtlDecoder.segDec.load(stateDict: decoderState)
    }

    /// A depth network sharing nothing with this one, holding its encoder and depth
    /// decoder's current values (for depth validation and pseudo-depth).
    public func depthNetworkCopy(encoder encoderConfig: ResNetSettings, depthDecoder: DepthDecoderSettings) throws -> DepthNetwork {
        let copy = try DepthNetwork(encoder: encoderConfig, decoder: depthDecoder, rng: RandomGenerator(seed: 0))
        try copy.encoder.load(stateDict: encoder.stateDict())
        try copy.depth.load(stateDict: mtlDecoder.depthDec.stateDict())
        return copy
    }
}
