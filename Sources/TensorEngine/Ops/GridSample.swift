/// Differentiable bilinear sampling at arbitrary positions (view synthesis warps one
/// frame into another with it; its gradient with respect to the sampling grid is what
/// trains depth and pose).
extension Tensor {
    /// Samples [N, C, H, W] bilinearly at the positions of `grid` ([N, Ho, Wo, 2], each
    /// entry (x, y) with -1 -> pixel 0 and 1 -> pixel W - 1 or H - 1), giving [N, C, Ho, Wo].
    /// Positions outside the image clamp to the border, where the gradient with respect to
    /// that coordinate is 0. Differentiable with respect to both `self` and `grid`.
    /// Equivalent to torch.nn.functional.grid_sample(x, grid, mode="bilinear",
    /// padding_mode="border", align_corners=True).
    public func gridSample(_ grid: Tensor) -> Tensor {
        precondition(rank == 4 && grid.rank == 4 && grid.shape[0] == shape[0] && grid.shape[3] == 2,
                     "gridSample: input \(shape) with grid \(grid.shape)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        precondition(h * w < Int(Int32.max), "gridSample: plane of \(h) x \(w) too large")
        let pixels = grid.shape[1] * grid.shape[2]
        let taps = GridSampling.taps(grid, height: h, width: w)
        let out = Tensor(uninitializedShape: [n, c, grid.shape[1], grid.shape[2]])
        let (x, y, tp) = (data, out.data, taps.pointer)
        Parallel.forEachChunk(n * c, grain: spatialGrain(perItem: 8 * pixels)) { _, range in
            for plane in range {
                let src = x + plane * h * w, dst = y + plane * pixels
                let planeTaps = tp + (plane / c) * pixels
                for p in 0..<pixels {
                    let t = planeTaps[p]
                    let v = src + Int(t.offset), sx = Int(t.stepX), sy = Int(t.stepY)
                    let (e, s) = (1 - t.fx, 1 - t.fy)
                    dst[p] = v[0] * (s * e) + v[sx] * (s * t.fx) + v[sy] * (t.fy * e) + v[sy + sx] * (t.fy * t.fx)
                }
            }
        }
        return Tensor.record("gridSample", output: out, inputs: [self, grid]) { g in
            if self.requiresGrad {
                let gx = Tensor.zeros(self.shape)
                GridSampling.inputGradient(g.data, gx.data, taps, planes: n * c, channels: c,
                                           planeSize: h * w, pixels: pixels)
                self.accumulateGrad(gx, fresh: true)
            }
            if grid.requiresGrad {
                let gGrid = Tensor(uninitializedShape: grid.shape)
                GridSampling.gridGradient(g.data, self.data, gGrid.data, taps, batch: n, channels: c,
                                          planeSize: h * w, pixels: pixels)
                grid.accumulateGrad(gGrid, fresh: true)
            }
        }
    }
}

/// Where one output pixel samples: the top-left corner `offset` (y0 W + x0) within the
/// plane, the steps to the right and lower neighbours (0 where that neighbour is past the
/// edge; its weight is then exactly 0), the fractional position (fx, fy) in the cell, and
/// d(source coordinate)/d(grid coordinate) per axis ((W - 1) / 2 inside, 0 where clamped).
struct GridTap {
    var offset: Int32, stepX: Int32, stepY: Int32
    var fx: Float, fy: Float
    var scaleX: Float, scaleY: Float
}

/// The loops of `gridSample` (PyTorch's CPU kernel with border padding and
/// align_corners = True, in the same Float32 arithmetic).
enum GridSampling {
    /// One tap per grid position, [N, Ho, Wo] of them.
    static func taps(_ grid: Tensor, height h: Int, width w: Int) -> RawTable<GridTap> {
        let count = grid.count / 2
        let taps = RawTable(count: count, repeating: GridTap(offset: 0, stepX: 0, stepY: 0, fx: 0, fy: 0,
                                                             scaleX: 0, scaleY: 0))
        let (gp, tp) = (grid.data, taps.pointer)
        Parallel.forEachChunk(count, grain: spatialGrain(perItem: 16)) { _, range in
            for i in range {
                let (x0, fx, scaleX) = locate(gp[2 * i], size: w)
                let (y0, fy, scaleY) = locate(gp[2 * i + 1], size: h)
                tp[i] = GridTap(offset: Int32(y0 * w + x0), stepX: x0 + 1 < w ? 1 : 0,
                                stepY: y0 + 1 < h ? Int32(w) : 0, fx: fx, fy: fy, scaleX: scaleX, scaleY: scaleY)
            }
        }
        return taps
    }

    /// Grid coordinate -> (cell index, fraction, d source / d coordinate) along an axis of
    /// `size` pixels: unnormalise by (g + 1) (size - 1) / 2, then clamp to [0, size - 1],
    /// the bounds themselves counting as clamped (zero gradient), as PyTorch.
    @inline(__always)
    static func locate(_ g: Float, size: Int) -> (Int, Float, Float) {
        let half = Float(size - 1) / 2, limit = Float(size - 1)
        let v = (g + 1) * half
        let clamped: Float = v > 0 ? (v < limit ? v : limit) : (v.isNaN ? v : 0)
        let inside: Float = v > 0 && v < limit ? half : 0
        let cell = clamped.isNaN ? 0 : Int(clamped.rounded(.down)) // NaN: NaN weights, like PyTorch
        return (cell, clamped - Float(cell), inside)
    }

    /// Scatters each output gradient onto its four input pixels; each thread owns whole
    /// (n, c) planes of `gx` (zeroed on entry), so the sums are race-free and ordered.
    static func inputGradient(_ g: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>,
                              _ taps: RawTable<GridTap>, planes: Int, channels: Int,
                              planeSize: Int, pixels: Int) {
        let tp = taps.pointer
        Parallel.forEachChunk(planes, grain: spatialGrain(perItem: 8 * pixels)) { _, range in
            for plane in range {
                let dst = gx + plane * planeSize, src = g + plane * pixels
                let planeTaps = tp + (plane / channels) * pixels
                for p in 0..<pixels {
                    let t = planeTaps[p], gOut = src[p]
                    let d = dst + Int(t.offset), sx = Int(t.stepX), sy = Int(t.stepY)
                    let (e, s) = (1 - t.fx, 1 - t.fy)
                    d[0] += s * e * gOut
                    d[sx] += s * t.fx * gOut
                    d[sy] += t.fy * e * gOut
                    d[sy + sx] += t.fy * t.fx * gOut
                }
            }
        }
    }

    /// d loss / d grid: per output position, the derivative of the bilinear weights
    /// times the corner values, summed over channels, times the clamp/unnormalise factor.
    static func gridGradient(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                             _ gGrid: UnsafeMutablePointer<Float>, _ taps: RawTable<GridTap>,
                             batch: Int, channels: Int, planeSize: Int, pixels: Int) {
        let tp = taps.pointer
        Parallel.forEachChunk(batch * pixels, grain: spatialGrain(perItem: 8 * channels)) { _, range in
            for i in range {
                let (n, p) = i.quotientAndRemainder(dividingBy: pixels)
                let t = tp[i]
                let sx = Int(t.stepX), sy = Int(t.stepY)
                let (e, s) = (1 - t.fx, 1 - t.fy)
                var gxSum: Float = 0, gySum: Float = 0
                for ch in 0..<channels {
                    let plane = n * channels + ch
                    let v = x + plane * planeSize + Int(t.offset)
                    let gOut = g[plane * pixels + p]
                    let (nw, ne, sw, se) = (v[0], v[sx], v[sy], v[sy + sx])
                    gxSum += ((ne - nw) * s + (se - sw) * t.fy) * gOut
                    gySum += ((sw - nw) * e + (se - ne) * t.fx) * gOut
                }
                gGrid[2 * i] = gxSum * t.scaleX
                gGrid[2 * i + 1] = gySum * t.scaleY
            }
        }
    }
}
