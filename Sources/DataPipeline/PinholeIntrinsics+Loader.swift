import CityscapesData

/// The loader's uses of the intrinsics: following a crop, a horizontal flip and the
/// loss's pyramid scales, and K and K^-1 as row-major Float arrays to stack into a
/// batch's [N, 4, 4] tensors. Everything is computed in Double and rounded to Float once.
extension PinholeIntrinsics {
    /// The intrinsics of the window whose top-left pixel is (x0, y0) of this image.
    public func cropped(x0: Int, y0: Int) -> PinholeIntrinsics {
        PinholeIntrinsics(fx: fx, fy: fy, cx: cx - Double(x0), cy: cy - Double(y0))
    }

    /// The intrinsics of this image mirrored left-right, for an image `width` pixels
    /// wide: column i becomes column width - 1 - i, so the principal point does too.
    /// (The reference computes u0 -> W - u0 and also mirrors v0 although the flip is
    /// horizontal; both differ from this by under a pixel.)
    public func flippedHorizontally(width: Int) -> PinholeIntrinsics {
        PinholeIntrinsics(fx: fx, fy: fy, cx: Double(width - 1) - cx, cy: cy)
    }

    /// The intrinsics at pyramid scale `scale` (images 2^scale times smaller): the
    /// first two rows of K divided by 2^scale, as the reference does.
    public func atScale(_ scale: Int) -> PinholeIntrinsics {
        let f = 1 / Double(1 << scale)
        return PinholeIntrinsics(fx: fx * f, fy: fy * f, cx: cx * f, cy: cy * f)
    }

    /// K as a row-major 4x4 matrix [[fx, 0, cx, 0], [0, fy, cy, 0], [0, 0, 1, 0], [0, 0, 0, 1]].
    public var matrix: [Float] {
        [Float(fx), 0, Float(cx), 0,
         0, Float(fy), Float(cy), 0,
         0, 0, 1, 0,
         0, 0, 0, 1]
    }

    /// K's exact inverse as a row-major 4x4 matrix (entries computed in Double).
    public var inverseMatrix: [Float] {
        [Float(1 / fx), 0, Float(-cx / fx), 0,
         0, Float(1 / fy), Float(-cy / fy), 0,
         0, 0, 1, 0,
         0, 0, 0, 1]
    }
}
