import TensorEngine

/// What the segmentation trainer needs of a network: logits for images, its
/// parameters split into the backbone (trained at a lower learning rate) and the
/// rest, a train/eval switch, and a state dict for checkpoints.
public protocol SegmentationModel: AnyObject {
    /// Class logits [N, classes, H, W] for images [N, 3, H, W] in [0, 1].
    func logits(_ images: Tensor, rng: inout RandomGenerator) -> Tensor
    /// The encoder's trainable parameters.
    var backboneParameters: [Tensor] { get }
    /// Every other trainable parameter.
    var headParameters: [Tensor] { get }
    /// Batch-norm statistics and dropout follow this flag.
    func setTraining(_ training: Bool)
    /// Parameters and buffers by stable name.
    func stateDict() -> [String: Tensor]
    /// Replaces parameters and buffers; throws naming a missing, unexpected or
    /// mis-shaped entry.
    func load(stateDict: [String: Tensor]) throws
}

import Networks

/// The paper's segmentation network (encoder + segmentation decoder) as a trainable
/// model: the encoder is the backbone; dropout masks are drawn from `rng`, split per
/// dropout layer by its name, so a step's masks depend only on the step's generator.
extension SegmentationNetwork: SegmentationModel {
    public func logits(_ images: Tensor, rng: inout RandomGenerator) -> Tensor {
        reseedDropout(from: rng)
        return self(images)
    }

    public var backboneParameters: [Tensor] { encoder.parameters() }
    public var headParameters: [Tensor] { segmentation.parameters() }
    public func setTraining(_ training: Bool) { train(training) }
    public func load(stateDict: [String: Tensor]) throws { try load(stateDict: stateDict, strict: true) }
}
