import TensorEngine

/// Rigid camera motions as batched 4x4 homogeneous matrices [N, 4, 4], built
/// differentiably from the pose network's axis-angle rotation and translation.
///
/// A matrix maps points in the target (frame 0) camera's coordinates, metres, to the
/// source camera's coordinates: p_source = T p_target.
public enum CameraTransform {
    /// Rotation by the axis-angle vectors `axisAngle` ([N, 3] or [N, 1, 3]; direction =
    /// axis, length = angle in radians) as [N, 4, 4] matrices with a zero translation
    /// (Rodrigues' formula). Differentiable; at a zero vector the rotation is the identity
    /// and its gradient is 0, as the reference's.
    public static func rotation(axisAngle: Tensor) -> Tensor {
        let n = axisAngle.shape.first ?? 0
        let v = axisAngle.reshaped([n, 3])
        let squaredNorm = (v * v).sum(axis: 1, keepDims: true) // [N, 1]
        // sqrt has an infinite slope at 0; where the norm is exactly 0 take sqrt(1) * 0
        // instead, which has the value 0 and a zero gradient (what PyTorch's norm gives).
        let isZero = Tensor(squaredNorm.scalars.map { $0 == 0 ? 1 : 0 }, shape: [n, 1])
        let angle = (squaredNorm + isZero).sqrt() * (1 - isZero)
        let axis = v / (angle + 1e-7)
        let (c, s) = (angle.cos(), angle.sin())
        let oneMinusC = 1 - c
        let parts = axis.split(sizes: [1, 1, 1], axis: 1)
        let (x, y, z) = (parts[0], parts[1], parts[2])
        let (xs, ys, zs) = (x * s, y * s, z * s)
        let (xC, yC, zC) = (x * oneMinusC, y * oneMinusC, z * oneMinusC)
        let (xyC, yzC, zxC) = (x * yC, y * zC, z * xC)
        let zero = Tensor.zeros([n, 1]), one = Tensor.ones([n, 1])
        let entries: [Tensor] = [
            x * xC + c, xyC - zs, zxC + ys, zero,
            xyC + zs, y * yC + c, yzC - xs, zero,
            zxC - ys, yzC + xs, z * zC + c, zero,
            zero, zero, zero, one,
        ]
        return Tensor.concat(entries, axis: 1).reshaped([n, 4, 4])
    }

    /// Translation by `translation` ([N, 3] or [N, 1, 3], metres) as [N, 4, 4] matrices.
    public static func translation(_ translation: Tensor) -> Tensor {
        let n = translation.shape.first ?? 0
        let parts = translation.reshaped([n, 3]).split(sizes: [1, 1, 1], axis: 1)
        let zero = Tensor.zeros([n, 1]), one = Tensor.ones([n, 1])
        let entries: [Tensor] = [
            one, zero, zero, parts[0],
            zero, one, zero, parts[1],
            zero, zero, one, parts[2],
            zero, zero, zero, one,
        ]
        return Tensor.concat(entries, axis: 1).reshaped([n, 4, 4])
    }

    /// The transformation T = translation * rotation for the pose network's outputs
    /// (axis-angle in radians and translation in metres, [N, 3] or [N, 1, 3] each) ->
    /// [N, 4, 4]. With `invert` the result is the inverse motion, R^T * translation(-t),
    /// used for frames before the target (the pose network saw them in temporal order,
    /// source first). Differentiable with respect to both inputs.
    public static func fromParameters(axisAngle: Tensor, translation t: Tensor,
                                      invert: Bool = false) -> Tensor {
        let r = rotation(axisAngle: axisAngle)
        if invert {
            return r.permuted([0, 2, 1]).matmul(translation(t * -1))
        }
        return translation(t).matmul(r)
    }

    /// The transformation from target (offset 0) to the source frame at `frameOffset`:
    /// inverted for negative offsets, as the reference does.
    public static func forFrame(_ frameOffset: Int, axisAngle: Tensor, translation: Tensor) -> Tensor {
        fromParameters(axisAngle: axisAngle, translation: translation, invert: frameOffset < 0)
    }
}
