import TensorEngine

/// Synthesises the target view from a source frame: every target pixel is lifted to 3-D
/// with its predicted depth, moved into the source camera by the relative pose, projected
/// with the intrinsics and sampled bilinearly there (border padding). Gradients reach
/// the depth (through the sampling positions), the pose and the source image.
///
/// Conventions: pixel (u, v) is column u, row v, with integer coordinates at pixel
/// centres; K is the 4x4 pinhole matrix [[fx, 0, cx, 0], [0, fy, cy, 0], [0, 0, 1, 0],
/// [0, 0, 0, 1]] in pixels of the image being warped; depth is in metres.
public enum ViewSynthesis {
    /// Homogeneous pixel coordinates (u, v, 1) of an H x W image in row-major order,
    /// repeated over the batch: [N, 3, H * W].
    static func pixelGrid(batch n: Int, height h: Int, width w: Int) -> Tensor {
        let plane = h * w
        var values = [Float](repeating: 1, count: n * 3 * plane)
        for b in 0..<n {
            let base = b * 3 * plane
            for v in 0..<h {
                for u in 0..<w {
                    values[base + v * w + u] = Float(u)
                    values[base + plane + v * w + u] = Float(v)
                }
            }
        }
        return Tensor(values, shape: [n, 3, plane])
    }

    /// Back-projects depth [N, 1, H, W] (metres) with inverse intrinsics [N, 4, 4] to
    /// homogeneous camera points [N, 4, H * W] (x right, y down, z forward, metres; last
    /// row ones).
    public static func backproject(depth: Tensor, inverseIntrinsics: Tensor) -> Tensor {
        let (n, h, w) = (depth.shape[0], depth.shape[2], depth.shape[3])
        let inverseK3 = inverseIntrinsics.slice(axis: 1, 0..<3).slice(axis: 2, 0..<3)
        let rays = inverseK3.matmul(pixelGrid(batch: n, height: h, width: w)) // [N, 3, HW]
        let points = depth.reshaped([n, 1, h * w]) * rays
        return Tensor.concat([points, Tensor.ones([n, 1, h * w])], axis: 1)
    }

    /// Projects homogeneous points [N, 4, H * W] (target camera, metres) through the
    /// transformation [N, 4, 4] and intrinsics [N, 4, 4] to a sampling grid [N, H, W, 2]
    /// for `gridSample`: (x, y) normalised so that -1 and 1 are the centres of the first
    /// and last pixel (align_corners = True).
    public static func project(points: Tensor, intrinsics: Tensor, transform: Tensor,
                               height h: Int, width w: Int) -> Tensor {
        let n = points.shape[0]
        let projection = intrinsics.matmul(transform).slice(axis: 1, 0..<3) // [N, 3, 4]
        let camera = projection.matmul(points) // [N, 3, HW]
        let xy = camera.slice(axis: 1, 0..<2) / (camera.slice(axis: 1, 2..<3) + 1e-7)
        // Pixels -> [-1, 1]: u / (W - 1) * 2 - 1, likewise v with H.
        let toUnit = Tensor([1 / Float(w - 1), 1 / Float(h - 1)], shape: [1, 2, 1])
        let normalised = ((xy * toUnit) - 0.5) * 2
        return normalised.reshaped([n, 2, h, w]).permuted([0, 2, 3, 1])
    }

    /// The source image [N, C, H, W] resampled into the target view given the target's
    /// depth [N, 1, H, W] (metres), the target-to-source transformation [N, 4, 4] and the
    /// intrinsics and their inverse [N, 4, 4] for this resolution: [N, C, H, W].
    public static func warp(source: Tensor, depth: Tensor, transform: Tensor,
                            intrinsics: Tensor, inverseIntrinsics: Tensor) -> Tensor {
        let points = backproject(depth: depth, inverseIntrinsics: inverseIntrinsics)
        let grid = project(points: points, intrinsics: intrinsics, transform: transform,
                           height: depth.shape[2], width: depth.shape[3])
        return source.gridSample(grid)
    }
}
