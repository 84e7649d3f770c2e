import TensorEngine

/// Applies mix masks to any batch, so images, teacher outputs and label maps are mixed
/// with one and the same mask (reference: loader/transformsgpu.py `mix`, the case of as
/// many masks as images):
///
///     mixed[i] = mask[i] * x[i] + (1 - mask[i]) * x[(i + 1) % N]
///
/// i.e. mask i pastes its pixels of image i over image i + 1 (wrapping), per pixel and
/// for every channel. With 0/1 masks every output value is an exact copy of an input
/// value (for finite inputs), so class ids and the ignore label survive mixing unchanged.
public enum Mixing {
    /// Mixes `x` with `masks`.
    ///
    /// - Parameters:
    ///   - x: [N, C, H, W] (images in 0...1, teacher probabilities, one-hot labels) or
    ///     [N, H, W] (label maps as Float class ids).
    ///   - masks: [N, 1, H, W] or [N, H, W] with the same N, H, W; 0/1 (other values blend).
    /// - Returns: a new tensor shaped like `x`. Values only: the reference mixes constants
    ///   (inputs and detached teacher outputs), so no gradient is recorded and `x` must
    ///   not require one while gradients are on.
    public static func mix(_ x: Tensor, masks: Tensor) -> Tensor {
        precondition(x.rank == 3 || x.rank == 4, "Mixing.mix: x must be [N, C, H, W] or [N, H, W], got \(x.shape)")
        precondition(!(x.requiresGrad && GradMode.isEnabled),
                     "Mixing.mix: x requires a gradient; mixing passes values only (use withoutGradients or detached())")
        let n = x.shape[0], h = x.shape[x.rank - 2], w = x.shape[x.rank - 1]
        let channels = x.rank == 4 ? x.shape[1] : 1
        let maskFits = (masks.rank == 4 && masks.shape == [n, 1, h, w]) || (masks.rank == 3 && masks.shape == [n, h, w])
        precondition(maskFits, "Mixing.mix: masks \(masks.shape) do not fit \(x.shape); expected [\(n), 1, \(h), \(w)]")
        let plane = h * w, image = channels * plane
        let out = Tensor(uninitializedShape: x.shape)
        let src = x.data, dst = out.data, m = masks.data
        for i in 0..<n {
            let own = src + i * image, next = src + ((i + 1) % n) * image
            let mask = m + i * plane, target = dst + i * image
            for c in 0..<channels {
                let a = own + c * plane, b = next + c * plane, o = target + c * plane
                for p in 0..<plane { o[p] = mask[p] * a[p] + (1 - mask[p]) * b[p] }
            }
        }
        return out
    }
}
