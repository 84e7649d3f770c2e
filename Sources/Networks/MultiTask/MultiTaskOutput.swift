import TensorEngine

/// What one pass of the multi-task decoder produced.
public struct MultiTaskOutput {
    /// Sigmoid disparity for each scale s of the depth decoder: [N, 1, H / 2^s, W / 2^s]
    /// in (0, 1). Scales at or above the distillation stage come from the first half
    /// (before the exchange), the others from the second.
    public var disparities: [Int: Tensor]
    /// Final segmentation logits [N, classes, H / 2^(9 - finalLayer), ...] (full
    /// resolution for layer 9).
    public var semantics: Tensor
    /// Side-output logits of the distillation layer [N, classes, H / 2^d, W / 2^d],
    /// d = the distillation stage; nil without the side output.
    public var intermediateSemantics: Tensor?
}
