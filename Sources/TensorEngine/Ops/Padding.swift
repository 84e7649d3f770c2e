/// Spatial padding of NCHW tensors (reflection and zeros), built on a separable gather:
/// output (oy, ox) of each plane copies input (rows[oy], cols[ox]), or 0 where either
/// table holds -1. Nearest-neighbour resizing uses the same gather.
extension Tensor {
    /// Mirror padding: [N, C, H, W] -> [N, C, H + top + bottom, W + left + right], reflecting
    /// about the edge pixels without repeating them (a b c | b a on the left of a b c ...).
    /// Each pad must be below its axis' extent (left, right < W; top, bottom < H).
    /// Equivalent to torch.nn.ReflectionPad2d((left, right, top, bottom)).
    public func reflectionPad2d(left: Int, right: Int, top: Int, bottom: Int) -> Tensor {
        precondition(rank == 4, "reflectionPad2d: expected [N, C, H, W], got \(shape)")
        precondition([left, right, top, bottom].allSatisfy { $0 >= 0 }
                     && left < shape[3] && right < shape[3] && top < shape[2] && bottom < shape[2],
                     "reflectionPad2d: pads (\(left), \(right), \(top), \(bottom)) must be below the extent of \(shape)")
        func reflect(_ i: Int, _ n: Int) -> Int { i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i) }
        let rows = (-top..<(shape[2] + bottom)).map { reflect($0, shape[2]) }
        let cols = (-left..<(shape[3] + right)).map { reflect($0, shape[3]) }
        return gather2d("reflectionPad2d", rows: RawTable(rows), cols: RawTable(cols))
    }

    /// Uniform `reflectionPad2d(left: p, right: p, top: p, bottom: p)`
    /// (torch.nn.ReflectionPad2d(p)).
    public func reflectionPad2d(_ p: Int) -> Tensor {
        reflectionPad2d(left: p, right: p, top: p, bottom: p)
    }

    /// Zero padding: [N, C, H, W] -> [N, C, H + top + bottom, W + left + right].
    /// Equivalent to torch.nn.ZeroPad2d((left, right, top, bottom)).
    public func zeroPad2d(left: Int, right: Int, top: Int, bottom: Int) -> Tensor {
        precondition(rank == 4, "zeroPad2d: expected [N, C, H, W], got \(shape)")
        precondition([left, right, top, bottom].allSatisfy { $0 >= 0 },
                     "zeroPad2d: negative pads (\(left), \(right), \(top), \(bottom))")
        func inside(_ i: Int, _ n: Int) -> Int { i >= 0 && i < n ? i : -1 }
        let rows = (-top..<(shape[2] + bottom)).map { inside($0, shape[2]) }
        let cols = (-left..<(shape[3] + right)).map { inside($0, shape[3]) }
        return gather2d("zeroPad2d", rows: RawTable(rows), cols: RawTable(cols))
    }

    /// Uniform `zeroPad2d(left: p, right: p, top: p, bottom: p)` (torch.nn.ZeroPad2d(p)).
    public func zeroPad2d(_ p: Int) -> Tensor {
        zeroPad2d(left: p, right: p, top: p, bottom: p)
    }

    /// [N, C, H, W] -> [N, C, rows.count, cols.count] with out[.., oy, ox] =
    /// self[.., rows[oy], cols[ox]] (0 where an index is -1). The backward pass sums the
    /// gradient of every output element into the input element it copied.
    func gather2d(_ name: String, rows: RawTable<Int>, cols: RawTable<Int>) -> Tensor {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        let (oh, ow) = (rows.count, cols.count)
        let out = Tensor(uninitializedShape: [shape[0], shape[1], oh, ow])
        let (x, y, rp, cp) = (data, out.data, rows.pointer, cols.pointer)
        Parallel.forEachChunk(planes * oh, grain: spatialGrain(perItem: ow)) { _, range in
            for row in range {
                let (plane, oy) = row.quotientAndRemainder(dividingBy: oh)
                let dst = y + row * ow
                guard rp[oy] >= 0 else { dst.update(repeating: 0, count: ow); continue }
                let src = x + (plane * h + rp[oy]) * w
                for ox in 0..<ow { let c = cp[ox]; dst[ox] = c >= 0 ? src[c] : 0 }
            }
        }
        return Tensor.record(name, output: out, inputs: [self]) { g in
            let gx = Tensor.zeros(self.shape)
            let (gp, gxp, rp, cp) = (g.data, gx.data, rows.pointer, cols.pointer) // keeps the tables alive
            // Several outputs may copy one input (reflection, upsampling): each thread
            // owns whole planes of the input gradient.
            Parallel.forEachChunk(planes, grain: spatialGrain(perItem: oh * ow)) { _, range in
                for plane in range {
                    for oy in 0..<oh where rp[oy] >= 0 {
                        let src = gp + (plane * oh + oy) * ow
                        let dst = gxp + (plane * h + rp[oy]) * w
                        for ox in 0..<ow where cp[ox] >= 0 { dst[cp[ox]] += src[ox] }
                    }
                }
            }
            self.accumulateGrad(gx, fresh: true)
        }
    }
}
