import TensorEngine

/// A pinhole camera's intrinsics in pixels, and the batched 4x4 matrices K and K^-1
/// [N, 4, 4] that view synthesis takes.
public struct PinholeIntrinsics: Sendable, Equatable {
    /// Focal lengths, pixels.
    public var fx: Float, fy: Float
    /// Principal point (column, row), pixels; pixel centres sit at integer coordinates.
    public var cx: Float, cy: Float

    public init(fx: Float, fy: Float, cx: Float, cy: Float) {
        self.fx = fx
        self.fy = fy
        self.cx = cx
        self.cy = cy
    }

    /// The same camera for an image downscaled by `factor` (the reference divides the
    /// first two rows of K by 2^scale).
    public func downscaled(by factor: Float) -> PinholeIntrinsics {
        PinholeIntrinsics(fx: fx / factor, fy: fy / factor, cx: cx / factor, cy: cy / factor)
    }

    /// K = [[fx, 0, cx, 0], [0, fy, cy, 0], [0, 0, 1, 0], [0, 0, 0, 1]] repeated: [N, 4, 4].
    public func matrix(batch: Int) -> Tensor {
        repeated([fx, 0, cx, 0, 0, fy, cy, 0, 0, 0, 1, 0, 0, 0, 0, 1], batch: batch)
    }

    /// K^-1 in closed form, repeated: [N, 4, 4].
    public func inverseMatrix(batch: Int) -> Tensor {
        repeated([1 / fx, 0, -cx / fx, 0, 0, 1 / fy, -cy / fy, 0, 0, 0, 1, 0, 0, 0, 0, 1], batch: batch)
    }

    private func repeated(_ entries: [Float], batch: Int) -> Tensor {
        Tensor(Array([[Float]](repeating: entries, count: batch).joined()), shape: [batch, 4, 4])
    }
}
