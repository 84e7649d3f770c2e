/// Reshape, permute, concatenate and slice.
extension Tensor {
    /// The same values in a new shape with the same element count; one axis may be -1.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        if let unknown = target.firstIndex(of: -1) {
            let known = target.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            target[unknown] = known == 0 ? 0 : count / known
        }
        precondition(target.reduce(1, *) == count, "reshape: \(shape) to \(newShape)")
        let out = Tensor(shape: target, storage: storage)
        return Tensor.record("reshape", output: out, inputs: [self]) { g in
            self.accumulateGrad(Tensor(shape: self.shape, storage: g.storage))
        }
    }

    /// Reorders axes: output axis i is input axis `order[i]`.
    public func permuted(_ order: [Int]) -> Tensor {
        precondition(order.count == rank && Set(order) == Set(0..<rank), "permute: bad order \(order) for \(shape)")
        let out = Tensor(uninitializedShape: order.map { shape[$0] })
        Tensor.permuteKernel(data, shape, order, out.data)
        var inverse = [Int](repeating: 0, count: rank)
        for (i, o) in order.enumerated() { inverse[o] = i }
        return Tensor.record("permute", output: out, inputs: [self]) { g in
            let gx = Tensor(uninitializedShape: self.shape)
            Tensor.permuteKernel(g.data, g.shape, inverse, gx.data)
            self.accumulateGrad(gx)
        }
    }

    /// Writes `src` (shape `shape`) permuted by `order` into `dst`.
    static func permuteKernel(_ src: UnsafePointer<Float>, _ shape: [Int], _ order: [Int],
                              _ dst: UnsafeMutablePointer<Float>) {
        let rank = shape.count
        let total = shape.reduce(1, *)
        guard rank > 0, total > 0 else { if total == 1 { dst[0] = src[0] }; return }
        let inStrides = contiguousStrides(shape)
        let outShape = order.map { shape[$0] }
        let srcStrides = order.map { inStrides[$0] } // stride in src for each output axis
        let rowLength = outShape[rank - 1], step = srcStrides[rank - 1]
        let rows = total / rowLength
        Parallel.forEachChunk(rows, grain: Swift.max(1, Parallel.minimumGrain / rowLength)) { _, range in
            for row in range {
                var rem = row, off = 0
                var axis = rank - 2
                while axis >= 0 {
                    off += (rem % outShape[axis]) * srcStrides[axis]
                    rem /= outShape[axis]
                    axis -= 1
                }
                let d = dst + row * rowLength
                for i in 0..<rowLength { d[i] = src[off + i * step] }
            }
        }
    }

    /// Concatenates tensors along `axis`; all other extents must match.
    public static func concat(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concat of no tensors")
        let first = parts[0]
        let a = first.normalizedAxis(axis)
        for p in parts {
            precondition(p.rank == first.rank && (0..<p.rank).allSatisfy { $0 == a || p.shape[$0] == first.shape[$0] },
                         "concat: shapes \(parts.map(\.shape)) differ off axis \(axis)")
        }
        var outShape = first.shape
        outShape[a] = parts.map { $0.shape[a] }.reduce(0, +)
        let out = Tensor(uninitializedShape: outShape)
        let outer = first.shape[..<a].reduce(1, *)
        let inner = first.shape[(a + 1)...].reduce(1, *)
        let outRow = outShape[a] * inner
        var offset = 0
        var offsets: [Int] = []
        for p in parts {
            offsets.append(offset)
            let rowLen = p.shape[a] * inner
            for o in 0..<outer {
                (out.data + o * outRow + offset).update(from: p.data + o * rowLen, count: rowLen)
            }
            offset += rowLen
        }
        return record("concat", output: out, inputs: parts) { g in
            for (p, off) in zip(parts, offsets) where p.requiresGrad {
                let rowLen = p.shape[a] * inner
                let gp = Tensor(uninitializedShape: p.shape)
                for o in 0..<outer {
                    (gp.data + o * rowLen).update(from: g.data + o * outRow + off, count: rowLen)
                }
                p.accumulateGrad(gp)
            }
        }
    }

    /// Elements `start..<end` along `axis` (a copy).
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let a = normalizedAxis(axis)
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[a],
                     "slice \(range) out of bounds for axis \(axis) of \(shape)")
        var outShape = shape
        outShape[a] = range.count
        let out = Tensor(uninitializedShape: outShape)
        let outer = shape[..<a].reduce(1, *)
        let inner = shape[(a + 1)...].reduce(1, *)
        let inRow = shape[a] * inner, outRow = range.count * inner
        let start = range.lowerBound * inner
        for o in 0..<outer {
            (out.data + o * outRow).update(from: data + o * inRow + start, count: outRow)
        }
        return Tensor.record("slice", output: out, inputs: [self]) { g in
            let gx = Tensor.zeros(self.shape)
            for o in 0..<outer {
                (gx.data + o * inRow + start).update(from: g.data + o * outRow, count: outRow)
            }
            self.accumulateGrad(gx)
        }
    }

    /// Splits into pieces of the given sizes along `axis`.
    public func split(sizes: [Int], axis: Int) -> [Tensor] {
        var start = 0
        return sizes.map { n in defer { start += n }; return slice(axis: axis, start..<(start + n)) }
    }
}
