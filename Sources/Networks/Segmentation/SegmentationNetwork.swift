import TensorEngine

/// The segmentation network of experiments 210 and 211: the encoder and the
/// segmentation decoder (with its own depth-decoder copy).
///
/// State names: "encoder." + the encoder's names and "segmentation." + the decoder's
/// ("segmentation.unet_dec.decoder.0...", "segmentation.head.2.weight").
public final class SegmentationNetwork: Module {
    public let encoder: ResNetEncoder
    public let segmentation: SegmentationDecoder

    /// A segmentation network initialised from `rng` (torchvision's scheme for the
    /// encoder, PyTorch's default elsewhere).
    /// - Throws: `NetworkConfigError` for an invalid configuration.
    public init(encoder encoderConfig: ResNetSettings, depthDecoder: DepthDecoderSettings,
                head: SegmentationDecoderSettings, rng: RandomGenerator) throws {
        encoder = try ResNetEncoder(uninitialized: encoderConfig)
        segmentation = try SegmentationDecoder(uninitialized: head, depthDecoder: depthDecoder,
                                               encoderChannels: encoderConfig.featureChannels)
        super.init()
        initializeParameters(using: rng)
    }

    /// Class logits [N, classes, H, W] for `images` [N, 3, H, W] in [0, 1].
    public func callAsFunction(_ images: Tensor) -> Tensor {
        segmentation(encoder(images))
    }

    /// The 'transfer' initialisation: copies a depth checkpoint's encoder and depth
    /// decoder into this network's encoder and depth-decoder copy (strictly: every
    /// tensor must be present with the same shape). The head keeps its values.
    ///
    /// - Parameter depthState: a `DepthNetwork` state dict (keys "encoder.*", "depth.*",
    ///   other keys ignored).
    /// - Throws: `StateDictError` naming the first part that does not fit; nothing is
    ///   changed then.
    public func loadDepthPretraining(_ depthState: [String: Tensor]) throws {
        let encoderState = depthState.entries(under: "encoder")
        let decoderState = depthState.entries(under: "depth")
        // Validate both before writing either, so a failure leaves the network unchanged.
        let probe = stateDict()
        try checkLoadable(encoderState, into: probe.entries(under: "encoder"), part: "encoder")
        try checkLoadable(decoderState, into: probe.entries(under: "segmentation").entries(under: "unet_dec"),
                          part: "depth")
        try encoder.load(stateDict: encoderState)
        try segmentation.unetDec.load(stateDict: decoderState)
    }
}

/// Throws what `Module.load(stateDict:strict: true)` would throw for `source` into a
/// module whose state is `target`, with keys shown under `part`.
func checkLoadable(_ source: [String: Tensor], into target: [String: Tensor], part: String) throws {
    let missing = target.keys.filter { source[$0] == nil }.sorted()
    if !missing.isEmpty { throw StateDictError.missingKeys(missing.map { part + "." + $0 }) }
    let unexpected = source.keys.filter { target[$0] == nil }.sorted()
    if !unexpected.isEmpty { throw StateDictError.unexpectedKeys(unexpected.map { part + "." + $0 }) }
    for key in target.keys.sorted() {
        if let s = source[key], let t = target[key], s.shape != t.shape {
            throw StateDictError.shapeMismatch(key: part + "." + key, expected: t.shape, found: s.shape)
        }
    }
}
