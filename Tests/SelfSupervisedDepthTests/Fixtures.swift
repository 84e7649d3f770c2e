import CityscapesData
import TensorEngine
import SelfSupervisedDepth

/// Shared scenes for the self-supervised depth tests.
enum Fixtures {
    /// A smooth texture in (0.05, 0.95) defined for any real pixel position (u, v) and
    /// channel c, so shifted copies can be computed analytically.
    static func texture(_ u: Float, _ v: Float, _ c: Int) -> Float {
        let phase = Float(c)
        return 0.5 + 0.25 * sinf(0.9 * u + 0.4 * v + phase) + 0.2 * cosf(0.5 * v - 0.7 * u + 2 * phase)
    }

    /// [N, 3, H, W] image whose pixel (u, v) is texture(u + shiftU, v).
    static func image(batch: Int = 1, height: Int, width: Int, shiftU: Float = 0) -> Tensor {
        var values: [Float] = []
        for _ in 0..<batch {
            for c in 0..<3 { for v in 0..<height { for u in 0..<width {
                values.append(texture(Float(u) + shiftU, Float(v), c))
            } } }
        }
        return Tensor(values, shape: [batch, 3, height, width])
    }

    /// A camera with power-of-two focal lengths (exact inverse).
    static func camera(height: Int, width: Int) -> PinholeIntrinsics {
        PinholeIntrinsics(fx: 8, fy: 8, cx: Double(width - 1) / 2, cy: Double(height - 1) / 2)
    }

    /// Constant sigmoid disparities for a fronto-parallel plane at `depth` metres, one
    /// map per scale.
    static func planeDisparities(depth: Float, batch: Int = 1, height: Int, width: Int,
                                 scales: Int, mapping: DisparityToDepth = DisparityToDepth()) -> [Tensor] {
        let s = mapping.sigmoidDisparity(forDepth: depth)
        return (0..<scales).map { Tensor(repeating: s, shape: [batch, 1, height >> $0, width >> $0]) }
    }

    /// A pure translation (metres) as [N, 4, 4].
    static func translation(_ x: Float, _ y: Float = 0, _ z: Float = 0, batch: Int = 1) -> Tensor {
        CameraTransform.translation(Tensor(Array([[Float]](repeating: [x, y, z], count: batch).joined()),
                                           shape: [batch, 3]))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
