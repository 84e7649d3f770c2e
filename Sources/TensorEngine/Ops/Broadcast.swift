import Dispatch

/// NumPy-style broadcasting: shapes are right-aligned and axes of extent 1 stretch.
public enum Broadcast {
    /// The broadcast shape of `a` and `b`, or a precondition failure naming both.
    public static func shape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            precondition(da == db || da == 1 || db == 1,
                         "shapes \(a) and \(b) cannot be broadcast together")
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// Strides for reading a tensor of `shape` as if it had `outShape` (0 on stretched axes).
    static func strides(of shape: [Int], in outShape: [Int]) -> [Int] {
        let own = contiguousStrides(shape)
        let offset = outShape.count - shape.count
        var s = [Int](repeating: 0, count: outShape.count)
        for i in 0..<shape.count where shape[i] != 1 { s[i + offset] = own[i] }
        return s
    }

    /// Visits the output in rows along its last axis: `body(outOffset, aOffset, bOffset,
    /// rowLength, aStep, bStep)`. Rows are independent, so they are split across threads.
    static func forEachRow(outShape: [Int], aStrides: [Int], bStrides: [Int],
                           _ body: (Int, Int, Int, Int, Int, Int) -> Void) {
        let rank = outShape.count
        if rank == 0 { body(0, 0, 0, 1, 0, 0); return }
        let rowLength = outShape[rank - 1]
        let rows = outShape.reduce(1, *) / max(rowLength, 1)
        let aStep = aStrides[rank - 1], bStep = bStrides[rank - 1]
        Parallel.forEachChunk(rows, grain: max(1, Parallel.minimumGrain / max(rowLength, 1))) { _, range in
            for row in range {
                var rem = row, aOff = 0, bOff = 0
                var axis = rank - 2
                while axis >= 0 {
                    let extent = outShape[axis]
                    let idx = rem % extent
                    rem /= extent
                    aOff += idx * aStrides[axis]
                    bOff += idx * bStrides[axis]
                    axis -= 1
                }
                body(row * rowLength, aOff, bOff, rowLength, aStep, bStep)
            }
        }
    }

    /// out = f(a, b) with broadcasting, for a rarely used function given as a closure.
    static func apply(_ a: Tensor, _ b: Tensor, _ f: @escaping (Float, Float) -> Float) -> Tensor {
        apply(a, b, ClosureKernel(f: f))
    }

    /// out = k(a, b) with broadcasting; specialised per kernel type so the loops vectorise.
    static func apply<K: BinaryKernel>(_ a: Tensor, _ b: Tensor, _ k: K) -> Tensor {
        if a.shape == b.shape {
            let out = Tensor(uninitializedShape: a.shape)
            let pa = a.data, pb = b.data, po = out.data
            Parallel.forEachChunk(a.count, grain: Parallel.minimumGrain) { _, r in
                for i in r { po[i] = k.apply(pa[i], pb[i]) }
            }
            return out
        }
        let outShape = shape(a.shape, b.shape)
        let out = Tensor(uninitializedShape: outShape)
        let pa = a.data, pb = b.data, po = out.data
        if b.count == 1 && a.count == out.count {
            let s = pb[0]
            Parallel.forEachChunk(a.count, grain: Parallel.minimumGrain) { _, r in
                for i in r { po[i] = k.apply(pa[i], s) }
            }
            return out
        }
        if a.count == 1 && b.count == out.count {
            let s = pa[0]
            Parallel.forEachChunk(b.count, grain: Parallel.minimumGrain) { _, r in
                for i in r { po[i] = k.apply(s, pb[i]) }
            }
            return out
        }
        let sa = strides(of: a.shape, in: outShape), sb = strides(of: b.shape, in: outShape)
        forEachRow(outShape: outShape, aStrides: sa, bStrides: sb) { o, ao, bo, n, da, db in
            // Row pointers (not base + offset indexing) so the loops vectorise.
            let ro = po + o, ra = pa + ao, rb = pb + bo
            if da == 1 && db == 1 {
                for i in 0..<n { ro[i] = k.apply(ra[i], rb[i]) }
            } else if da == 1 && db == 0 {
                let s = rb[0]
                for i in 0..<n { ro[i] = k.apply(ra[i], s) }
            } else if da == 0 && db == 1 {
                let s = ra[0]
                for i in 0..<n { ro[i] = k.apply(s, rb[i]) }
            } else {
                for i in 0..<n { ro[i] = k.apply(ra[i * da], rb[i * db]) }
            }
        }
        return out
    }

    /// `t` repeated along stretched axes to `shape` (the forward of broadcasting, and
    /// the backward of a sum).
    static func expand(_ t: Tensor, to shape: [Int]) -> Tensor {
        if t.shape == shape { return t }
        let out = Tensor(uninitializedShape: shape)
        let st = strides(of: t.shape, in: shape)
        let src = t.data, dst = out.data
        forEachRow(outShape: shape, aStrides: st, bStrides: st) { o, ao, _, n, da, _ in
            if da == 0 {
                dst.advanced(by: o).update(repeating: src[ao], count: n)
            } else {
                let ro = dst + o, ra = src + ao
                for i in 0..<n { ro[i] = ra[i * da] }
            }
        }
        return out
    }

    /// Sums `g` (of a broadcast shape) down to `shape`: the gradient of broadcasting.
    static func reduce(_ g: Tensor, to shape: [Int]) -> Tensor {
        if g.shape == shape { return g }
        let count = shape.reduce(1, *)
        if count == g.count { return Tensor(shape: shape, storage: g.storage) }
        let out = Tensor.zeros(shape)
        let po = out.data, pg = g.data
        if count == 1 {
            po[0] = Float(Kernels.sum(pg, count: g.count))
            return out
        }
        // Each chunk of rows accumulates Float64 partial sums for every output element;
        // the partials are combined in chunk order, so the result depends only on the
        // thread count.
        let st = strides(of: shape, in: g.shape)
        let rank = g.shape.count
        let rowLength = g.shape[rank - 1]
        let rows = g.count / rowLength
        let step = st[rank - 1]
        let chunks = Swift.max(1, Swift.min(Parallel.chunkCount(g.count), rows))
        let partials = UnsafeMutablePointer<Double>.allocate(capacity: chunks * count)
        defer { partials.deallocate() }
        partials.initialize(repeating: 0, count: chunks * count)
        let work: (Int, Range<Int>) -> Void = { c, rowRange in
            let acc = partials + c * count
            for row in rowRange {
                var rem = row, off = 0
                var axis = rank - 2
                while axis >= 0 {
                    let extent = g.shape[axis]
                    off += (rem % extent) * st[axis]
                    rem /= extent
                    axis -= 1
                }
                let base = pg + row * rowLength
                if step == 0 {
                    acc[off] += Kernels.sumSerial(base, rowLength)
                } else {
                    let racc = acc + off
                    for i in 0..<rowLength { racc[i * step] += Double(base[i]) }
                }
            }
        }
        if chunks == 1 {
            work(0, 0..<rows)
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                work(c, Parallel.chunkRange(c, of: chunks, count: rows))
            }
        }
        for i in 0..<count {
            var total = partials[i]
            for c in 1..<chunks { total += partials[c * count + i] }
            po[i] = Float(total)
        }
        return out
    }
}

/// A two-argument elementwise function; operators are generic over concrete kernel
/// types so each gets its own specialised, vectorised loop.
protocol BinaryKernel {
    func apply(_ a: Float, _ b: Float) -> Float
}

struct AddKernel: BinaryKernel { func apply(_ a: Float, _ b: Float) -> Float { a + b } }
struct SubKernel: BinaryKernel { func apply(_ a: Float, _ b: Float) -> Float { a - b } }
struct MulKernel: BinaryKernel { func apply(_ a: Float, _ b: Float) -> Float { a * b } }
struct DivKernel: BinaryKernel { func apply(_ a: Float, _ b: Float) -> Float { a / b } }

/// A closure as a kernel (one indirect call per element: for rare operations only).
struct ClosureKernel: BinaryKernel {
    let f: (Float, Float) -> Float
    func apply(_ a: Float, _ b: Float) -> Float { f(a, b) }
}
