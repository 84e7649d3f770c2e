/// Softmax and log-softmax along one axis (numerically stable: the maximum is subtracted).
extension Tensor {
    /// e^x / sum(e^x) along `axis` (negative counts from the end); same shape as `self`.
    /// Equivalent to `torch.softmax(x, dim=axis)`; axis 1 of [N, C, H, W] is the fast case.
    public func softmax(axis: Int) -> Tensor {
        let tiles = AxisTiles(self, axis: axis)
        let out = Tensor(uninitializedShape: shape)
        let x = data, y = out.data
        tiles.forEach { base, lanes, scratch in
            let mx = scratch, total = scratch + AxisTiles.width
            tiles.laneMaximum(x + base, lanes, into: mx)
            for l in 0..<lanes { total[l] = 0 }
            for k in 0..<tiles.extent {
                let xr = x + base + k * tiles.inner, yr = y + base + k * tiles.inner
                for l in 0..<lanes {
                    let e = FastMath.exp(xr[l] - mx[l])
                    yr[l] = e
                    total[l] += e
                }
            }
            for l in 0..<lanes { total[l] = 1 / total[l] }
            for k in 0..<tiles.extent {
                let yr = y + base + k * tiles.inner
                for l in 0..<lanes { yr[l] *= total[l] }
            }
        }
        let saved = out.detached()
        return Tensor.record("softmax", output: out, inputs: [self]) { g in
            // gx = y (g - sum_k g y)
            let gx = Tensor(uninitializedShape: self.shape)
            let gp = g.data, yp = saved.data, gxp = gx.data
            tiles.forEach { base, lanes, scratch in
                let dot = scratch
                for l in 0..<lanes { dot[l] = 0 }
                for k in 0..<tiles.extent {
                    let o = base + k * tiles.inner
                    let gr = gp + o, yr = yp + o
                    for l in 0..<lanes { dot[l] += gr[l] * yr[l] }
                }
                for k in 0..<tiles.extent {
                    let o = base + k * tiles.inner
                    let gr = gp + o, yr = yp + o, out = gxp + o
                    for l in 0..<lanes { out[l] = yr[l] * (gr[l] - dot[l]) }
                }
            }
            self.accumulateGrad(gx, fresh: true)
        }
    }

    /// x - log(sum(e^x)) along `axis`; same shape as `self`.
    /// Equivalent to `torch.log_softmax(x, dim=axis)`.
    public func logSoftmax(axis: Int) -> Tensor {
        let tiles = AxisTiles(self, axis: axis)
        let out = Tensor(uninitializedShape: shape)
        let x = data, y = out.data
        tiles.forEach { base, lanes, scratch in
            let mx = scratch, logSum = scratch + AxisTiles.width
            tiles.logSumExp(x + base, lanes, max: mx, logSum: logSum)
            for k in 0..<tiles.extent {
                let o = base + k * tiles.inner
                let xr = x + o, yr = y + o
                for l in 0..<lanes { yr[l] = (xr[l] - mx[l]) - logSum[l] }
            }
        }
        let saved = out.detached()
        return Tensor.record("logSoftmax", output: out, inputs: [self]) { g in
            // gx = g - e^y sum_k g
            let gx = Tensor(uninitializedShape: self.shape)
            let gp = g.data, yp = saved.data, gxp = gx.data
            tiles.forEach { base, lanes, scratch in
                let total = scratch
                for l in 0..<lanes { total[l] = 0 }
                for k in 0..<tiles.extent {
                    let gr = gp + base + k * tiles.inner
                    for l in 0..<lanes { total[l] += gr[l] }
                }
                for k in 0..<tiles.extent {
                    let o = base + k * tiles.inner
                    let gr = gp + o, yr = yp + o, out = gxp + o
                    for l in 0..<lanes { out[l] = gr[l] - FastMath.exp(yr[l]) * total[l] }
                }
            }
            self.accumulateGrad(gx, fresh: true)
        }
    }
}

/// A tensor split around one axis as [outer, extent, inner], visited in tiles of up to
/// `width` neighbouring inner positions ("lanes") of one outer index. Element (k, lane)
/// of a tile lies at base + k * inner + lane, so lane loops are contiguous and vectorise.
/// Tiles are independent and each is computed by one thread in a fixed order, so
/// results do not depend on the thread count.
struct AxisTiles {
    let outer: Int, extent: Int, inner: Int
    static let width = 256

    init(_ x: Tensor, axis: Int) {
        (outer, extent, inner) = x.splitAround(axis)
        precondition(extent > 0, "softmax over an empty axis of \(x.shape)")
    }

    init(outer: Int, extent: Int, inner: Int) {
        (self.outer, self.extent, self.inner) = (outer, extent, inner)
    }

    var tilesPerOuter: Int { (inner + AxisTiles.width - 1) / AxisTiles.width }

    /// Calls `body(base, lanes, scratch)` for every tile, where `base` is the offset of
    /// element (outer o, k = 0, inner i0), and `scratch` holds 2 * width Floats.
    /// Position (o, i0 + l) is number o * inner + i0 + l of the [outer, inner] grid;
    /// `pixel(base:)` recovers o * inner + i0.
    func forEach(_ body: (Int, Int, UnsafeMutablePointer<Float>) -> Void) {
        let perOuter = tilesPerOuter
        let count = outer * perOuter
        let grain = Swift.max(1, Parallel.minimumGrain / Swift.max(1, Swift.min(inner, AxisTiles.width) * extent))
        Parallel.forEachChunk(count, grain: grain) { _, range in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * AxisTiles.width) { buffer in
                let scratch = buffer.baseAddress!
                for t in range {
                    let o = t / perOuter, i0 = (t % perOuter) * AxisTiles.width
                    body(o * extent * inner + i0, Swift.min(AxisTiles.width, inner - i0), scratch)
                }
            }
        }
    }

    /// Index in the [outer, inner] grid of the first lane of the tile at `base`.
    @inline(__always) func pixel(base: Int) -> Int {
        let o = base / (extent * inner)
        return o * inner + (base - o * extent * inner)
    }

    /// mx[l] = max over k of x[k * inner + l].
    @inline(__always)
    func laneMaximum(_ x: UnsafePointer<Float>, _ lanes: Int, into mx: UnsafeMutablePointer<Float>) {
        for l in 0..<lanes { mx[l] = x[l] }
        for k in 1..<Swift.max(extent, 1) {
            let row = x + k * inner
            for l in 0..<lanes { mx[l] = row[l] > mx[l] ? row[l] : mx[l] }
        }
    }

    /// mx[l] = max over k of x[k * inner + l] and logSum[l] = log(sum over k of
    /// e^(x[k * inner + l] - mx[l])), so log-sum-exp = mx + logSum. Kept apart so callers
    /// form (x - mx) - logSum, which stays exact for large logits.
    @inline(__always)
    func logSumExp(_ x: UnsafePointer<Float>, _ lanes: Int, max mx: UnsafeMutablePointer<Float>,
                   logSum: UnsafeMutablePointer<Float>) {
        laneMaximum(x, lanes, into: mx)
        for l in 0..<lanes { logSum[l] = 0 }
        for k in 0..<extent {
            let row = x + k * inner
            for l in 0..<lanes { logSum[l] += FastMath.exp(row[l] - mx[l]) }
        }
        for l in 0..<lanes { logSum[l] = AxisTiles.log(logSum[l]) }
    }

    @inline(__always) static func log(_ v: Float) -> Float { Float(_log(Double(v))) }
}
