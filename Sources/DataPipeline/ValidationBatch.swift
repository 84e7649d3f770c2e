import TensorEngine

/// A batch of whole validation frames, in index order and without augmentation.
///
/// - `images`: [N, 3, H, W] RGB in [0, 1].
/// - `labels`: [N, H, W] train ids as Float32 (255 = ignore).
/// - `depth`: [N, 1, H, W] ground-truth depth in metres decoded from disparity
///   (depth = baseline * fx / d), 0 where the disparity is invalid; nil when the tree
///   has no disparity folder.
/// - `intrinsics`: [N, 4, 4] K at full resolution, pixels.
public struct ValidationBatch {
    public let names: [String]
    public let images: Tensor
    public let labels: Tensor
    public let depth: Tensor?
    public let intrinsics: Tensor
}
