import Networks
import TensorEngine

/// The multi-task network as a segmentation model (its final segmentation output), so
/// the mean teacher, validation and the trainer's groups treat it like experiment 210's
/// network: the encoder is the backbone, the whole PAD decoder (both task decoders,
/// attention blocks, heads) the rest, as the reference's optimiser groups them.
extension MultiTaskNetwork: SegmentationModel {
    public func logits(_ images: Tensor, rng: inout RandomGenerator) -> Tensor {
        reseedDropout(from: rng)
        return self(images).semantics
    }

    public var headParameters: [Tensor] { decoderParameters }
    public func setTraining(_ training: Bool) { train(training) }
    public func load(stateDict: [String: Tensor]) throws { try load(stateDict: stateDict, strict: true) }
}
