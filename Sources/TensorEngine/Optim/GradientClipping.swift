#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rescales gradients so their global L2 norm is at most `maxNorm`, as
/// torch.nn.utils.clip_grad_norm_(params, maxNorm) (norm_type 2).
///
/// The norm is taken over the gradients of all `params` together (those without a
/// gradient are skipped), accumulated in Float64. When maxNorm / (norm + 1e-6) < 1,
/// every gradient is multiplied in place by that coefficient.
/// - Returns: the norm before clipping.
@discardableResult
public func clipGradNorm(_ params: [Tensor], maxNorm: Float) -> Float {
    let grads = params.compactMap(\.grad)
    var squares = 0.0
    for g in grads { squares += Kernels.sumOfSquares(g.data, count: g.count) }
    let norm = squares.squareRoot()
    let coefficient = Double(maxNorm) / (norm + 1e-6)
    if coefficient < 1 {
        for g in grads { Kernels.scaleInPlace(g.data, Float(coefficient), count: g.count) }
    }
    return Float(norm)
}
