/// Spatial resizing of NCHW tensors, as torch.nn.functional.interpolate.
extension Tensor {
    /// Resizes [N, C, H, W] to [N, C, height, width]. Equivalent to
    /// torch.nn.functional.interpolate(x, size=(height, width), mode="nearest" or
    /// "bilinear", align_corners=alignCorners). Nearest ignores `alignCorners` (PyTorch
    /// rejects it there) and takes the integer-factor fast path of `upsampleNearest`
    /// whenever its source indices are the same.
    public func resize(height: Int, width: Int, mode: ResizeMode, alignCorners: Bool = false) -> Tensor {
        precondition(rank == 4 && height > 0 && width > 0,
                     "resize: input \(shape) to \(height) x \(width)")
        let (h, w) = (shape[2], shape[3])
        switch mode {
        case .nearest:
            let rows = ResizeTables.nearest(input: h, output: height)
            let cols = ResizeTables.nearest(input: w, output: width)
            if let sy = ResizeTables.integerFactor(rows, input: h),
               let sx = ResizeTables.integerFactor(cols, input: w) {
                return upsampleNearest(scaleY: sy, scaleX: sx)
            }
            return gather2d("resizeNearest", rows: RawTable(rows), cols: RawTable(cols))
        case .bilinear:
            return resizeBilinear(rows: RawTable(ResizeTables.linear(input: h, output: height, alignCorners: alignCorners)),
                                  cols: RawTable(ResizeTables.linear(input: w, output: width, alignCorners: alignCorners)))
        }
    }

    /// Nearest-neighbour upsampling by an integer factor: [N, C, H, W] ->
    /// [N, C, H * scale, W * scale], each pixel repeated in a scale x scale block.
    /// Equivalent to torch.nn.functional.interpolate(x, scale_factor=scale, mode="nearest").
    public func upsampleNearest(scale: Int) -> Tensor {
        upsampleNearest(scaleY: scale, scaleX: scale)
    }

    /// Block upsampling by (sy, sx); the backward pass sums each block (a gather, so it
    /// splits over input rows).
    func upsampleNearest(scaleY sy: Int, scaleX sx: Int) -> Tensor {
        precondition(rank == 4 && sy > 0 && sx > 0, "upsampleNearest: input \(shape) by (\(sy), \(sx))")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let ow = w * sx, inRows = n * c * h
        let out = Tensor(uninitializedShape: [n, c, h * sy, ow])
        let (x, y) = (data, out.data)
        Parallel.forEachChunk(inRows, grain: spatialGrain(perItem: sy * ow)) { _, range in
            for row in range {
                // Input row `row` becomes output rows row * sy ..< (row + 1) * sy.
                let src = x + row * w, dst = y + row * sy * ow
                if sx == 2 {
                    for ix in 0..<w { let v = src[ix]; dst[2 * ix] = v; dst[2 * ix + 1] = v }
                } else {
                    for ix in 0..<w { let v = src[ix]; for j in 0..<sx { dst[ix * sx + j] = v } }
                }
                for i in 1..<sy { (dst + i * ow).update(from: dst, count: ow) }
            }
        }
        return Tensor.record("upsampleNearest", output: out, inputs: [self]) { g in
            let gx = Tensor(uninitializedShape: self.shape)
            let (gp, gxp) = (g.data, gx.data)
            Parallel.forEachChunk(inRows, grain: spatialGrain(perItem: sy * ow)) { _, range in
                for row in range {
                    let dst = gxp + row * w
                    dst.update(repeating: 0, count: w)
                    for i in 0..<sy {
                        let line = gp + (row * sy + i) * ow
                        if sx == 2 {
                            for ix in 0..<w { dst[ix] += line[2 * ix] + line[2 * ix + 1] }
                        } else {
                            for ix in 0..<w {
                                var s: Float = 0
                                for j in 0..<sx { s += line[ix * sx + j] }
                                dst[ix] += s
                            }
                        }
                    }
                }
            }
            self.accumulateGrad(gx, fresh: true)
        }
    }

    /// Separable bilinear interpolation with tabulated taps per output row and column.
    private func resizeBilinear(rows: RawTable<LinearTap>, cols: RawTable<LinearTap>) -> Tensor {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        let (oh, ow) = (rows.count, cols.count)
        let out = Tensor(uninitializedShape: [shape[0], shape[1], oh, ow])
        let (x, y, rt, ct) = (data, out.data, rows.pointer, cols.pointer)
        Parallel.forEachChunk(planes * oh, grain: spatialGrain(perItem: 4 * ow)) { _, range in
            for row in range {
                let (plane, oy) = row.quotientAndRemainder(dividingBy: oh)
                let ty = rt[oy]
                let r0 = x + (plane * h + ty.lo) * w, r1 = x + (plane * h + ty.hi) * w
                let dst = y + row * ow
                for ox in 0..<ow {
                    let tx = ct[ox]
                    dst[ox] = ty.wLo * (tx.wLo * r0[tx.lo] + tx.wHi * r0[tx.hi])
                        + ty.wHi * (tx.wLo * r1[tx.lo] + tx.wHi * r1[tx.hi])
                }
            }
        }
        return Tensor.record("resizeBilinear", output: out, inputs: [self]) { g in
            let gx = Tensor.zeros(self.shape)
            let (gp, gxp, rt, ct) = (g.data, gx.data, rows.pointer, cols.pointer) // keeps the tables alive
            // Neighbouring outputs share input pixels: each thread owns whole planes.
            Parallel.forEachChunk(planes, grain: spatialGrain(perItem: 4 * oh * ow)) { _, range in
                for plane in range {
                    for oy in 0..<oh {
                        let ty = rt[oy]
                        let d0 = gxp + (plane * h + ty.lo) * w, d1 = gxp + (plane * h + ty.hi) * w
                        let src = gp + (plane * oh + oy) * ow
                        for ox in 0..<ow {
                            let tx = ct[ox]
                            let v0 = ty.wLo * src[ox], v1 = ty.wHi * src[ox]
                            d0[tx.lo] += tx.wLo * v0
                            d0[tx.hi] += tx.wHi * v0
                            d1[tx.lo] += tx.wLo * v1
                            d1[tx.hi] += tx.wHi * v1
                        }
                    }
                }
            }
            self.accumulateGrad(gx, fresh: true)
        }
    }
}

/// One output coordinate of linear interpolation: wLo * in[lo] + wHi * in[hi].
struct LinearTap {
    var lo: Int, hi: Int
    var wLo: Float, wHi: Float
}

/// Source indices and weights along one axis, computed in Float32 as PyTorch's CPU
/// kernels do (so the same pixels are picked at exact ties).
enum ResizeTables {
    /// PyTorch 'nearest': min(floor(i * (in / out)), in - 1), exact for out = in and 2 in.
    static func nearest(input: Int, output: Int) -> [Int] {
        if output == input { return Array(0..<output) }
        if output == 2 * input { return (0..<output).map { $0 >> 1 } }
        let scale = Float(input) / Float(output)
        return (0..<output).map { Swift.min(Int((Float($0) * scale).rounded(.down)), input - 1) }
    }

    /// k when `table` is exactly i / k for every output i and output = k * input.
    static func integerFactor(_ table: [Int], input: Int) -> Int? {
        guard table.count % input == 0 else { return nil }
        let k = table.count / input
        return table.indices.allSatisfy { table[$0] == $0 / k } ? k : nil
    }

    /// PyTorch's area_pixel_compute_source_index plus guard_index_and_lambda:
    /// align_corners maps the corner pixel centres onto each other; otherwise
    /// src = (i + 0.5) * in / out - 0.5, clamped at 0 below.
    static func linear(input: Int, output: Int, alignCorners: Bool) -> [LinearTap] {
        let scale: Float = alignCorners
            ? (output > 1 ? Float(input - 1) / Float(output - 1) : 0)
            : Float(input) / Float(output)
        return (0..<output).map { i in
            var src = alignCorners ? scale * Float(i) : scale * (Float(i) + 0.5) - 0.5
            if src < 0 { src = 0 }
            let lo = Swift.min(Int(src.rounded(.down)), input - 1)
            let lambda = Swift.min(Swift.max(src - Float(lo), 0), 1)
            return LinearTap(lo: lo, hi: lo < input - 1 ? lo + 1 : lo, wLo: 1 - lambda, wHi: lambda)
        }
    }
}
