import CityscapesData
import TensorEngine

/// The intrinsics as view synthesis takes them: batched 4x4 matrices K and K^-1
/// [N, 4, 4]. Each field is rounded to Float32 first and the arithmetic is done in
/// Float32.
extension PinholeIntrinsics {
    /// The same camera for an image downscaled by `factor` (the reference divides the
    /// first two rows of K by 2^scale); each field is divided in Float32.
    public func downscaled(by factor: Float) -> PinholeIntrinsics {
        let fx = Float(self.fx), fy = Float(self.fy), cx = Float(self.cx), cy = Float(self.cy)
        return PinholeIntrinsics(fx: Double(fx / factor), fy: Double(fy / factor),
                                 cx: Double(cx / factor), cy: Double(cy / factor))
    }

    /// K = [[fx, 0, cx, 0], [0, fy, cy, 0], [0, 0, 1, 0], [0, 0, 0, 1]] repeated: [N, 4, 4].
    public func matrix(batch: Int) -> Tensor {
        let fx = Float(self.fx), fy = Float(self.fy), cx = Float(self.cx), cy = Float(self.cy)
        return repeated([fx, 0, cx, 0, 0, fy, cy, 0, 0, 0, 1, 0, 0, 0, 0, 1], batch: batch)
    }

    /// K^-1 in closed form, in Float32, repeated: [N, 4, 4].
    public func inverseMatrix(batch: Int) -> Tensor {
        let fx = Float(self.fx), fy = Float(self.fy), cx = Float(self.cx), cy = Float(self.cy)
        return repeated([1 / fx, 0, -cx / fx, 0, 0, 1 / fy, -cy / fy, 0, 0, 0, 1, 0, 0, 0, 0, 1], batch: batch)
    }

    private func repeated(_ entries: [Float], batch: Int) -> Tensor {
        Tensor(Array([[Float]](repeating: entries, count: batch).joined()), shape: [batch, 4, 4])
    }
}
