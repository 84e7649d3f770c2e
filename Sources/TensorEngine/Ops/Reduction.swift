/// Reductions along axes: sum, mean, min, max, argmax.
extension Tensor {
    /// Splits the shape around `axis` into (outer, extent, inner) element counts.
    func splitAround(_ axis: Int) -> (outer: Int, extent: Int, inner: Int) {
        let a = normalizedAxis(axis)
        let outer = shape[..<a].reduce(1, *)
        let inner = shape[(a + 1)...].reduce(1, *)
        return (outer, shape[a], inner)
    }

    /// Shape after reducing the given axes (kept as 1 when `keepDims`).
    func reducedShape(_ axes: [Int], keepDims: Bool) -> [Int] {
        let set = Set(axes.map(normalizedAxis))
        var out: [Int] = []
        for (i, d) in shape.enumerated() {
            if set.contains(i) { if keepDims { out.append(1) } } else { out.append(d) }
        }
        return out
    }

    /// Sum of all elements (a scalar tensor), accumulated in Float64.
    public func sum() -> Tensor {
        let out = Tensor(scalar: Float(Kernels.sum(data, count: count)))
        return Tensor.record("sum", output: out, inputs: [self]) { g in
            self.accumulateGrad(Tensor(repeating: g.item, shape: self.shape))
        }
    }

    /// Mean of all elements (a scalar tensor).
    public func mean() -> Tensor {
        let n = Float(Swift.max(count, 1))
        let out = Tensor(scalar: Float(Kernels.sum(data, count: count) / Double(Swift.max(count, 1))))
        return Tensor.record("mean", output: out, inputs: [self]) { g in
            self.accumulateGrad(Tensor(repeating: g.item / n, shape: self.shape))
        }
    }

    /// Sum over `axes`.
    public func sum(axes: [Int], keepDims: Bool = false) -> Tensor {
        let kept = reducedShape(axes, keepDims: true)
        let reduced = Broadcast.reduce(self, to: kept)
        let out = Tensor(shape: reducedShape(axes, keepDims: keepDims),
                         storage: reduced === self ? copy().storage : reduced.storage)
        return Tensor.record("sumAxes", output: out, inputs: [self]) { g in
            let gk = Tensor(shape: kept, storage: g.storage)
            self.accumulateGrad(Broadcast.expand(gk, to: self.shape), fresh: kept != self.shape)
        }
    }

    /// Sum over one axis.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor { sum(axes: [axis], keepDims: keepDims) }

    /// Mean over `axes`.
    public func mean(axes: [Int], keepDims: Bool = false) -> Tensor {
        let n = axes.map { shape[normalizedAxis($0)] }.reduce(1, *)
        return sum(axes: axes, keepDims: keepDims) * (1 / Float(Swift.max(n, 1)))
    }

    /// Mean over one axis.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor { mean(axes: [axis], keepDims: keepDims) }

    /// Maximum along `axis`; the gradient goes to the first maximal element.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor {
        extremum(axis: axis, keepDims: keepDims, name: "max") { $0 > $1 }
    }

    /// Minimum along `axis`; the gradient goes to the first minimal element.
    public func min(axis: Int, keepDims: Bool = false) -> Tensor {
        extremum(axis: axis, keepDims: keepDims, name: "min") { $0 < $1 }
    }

    /// Index of the maximum along `axis` (first on ties), as Float values; no gradient.
    public func argmax(axis: Int, keepDims: Bool = false) -> Tensor {
        let (_, index) = extremumIndices(axis: axis) { $0 > $1 }
        let out = Tensor(uninitializedShape: reducedShape([axis], keepDims: keepDims))
        for i in 0..<index.count { out.data[i] = Float(index[i]) }
        return out
    }

    private func extremum(axis: Int, keepDims: Bool, name: String,
                          _ better: @escaping (Float, Float) -> Bool) -> Tensor {
        let (values, index) = extremumIndices(axis: axis, better)
        let out = Tensor(values, shape: reducedShape([axis], keepDims: keepDims))
        let (_, extent, inner) = splitAround(axis)
        return Tensor.record(name, output: out, inputs: [self]) { g in
            let gx = Tensor.zeros(self.shape)
            for o in 0..<index.count {
                let outer = o / inner, i = o % inner
                gx.data[(outer * extent + index[o]) * inner + i] += g.data[o]
            }
            self.accumulateGrad(gx)
        }
    }

    /// For each (outer, inner) position, the best value along `axis` and its index.
    private func extremumIndices(axis: Int, _ better: (Float, Float) -> Bool) -> ([Float], [Int]) {
        let (outer, extent, inner) = splitAround(axis)
        precondition(extent > 0, "reduction over an empty axis of \(shape)")
        var values = [Float](repeating: 0, count: outer * inner)
        var index = [Int](repeating: 0, count: outer * inner)
        let p = data
        for o in 0..<outer {
            for i in 0..<inner {
                var best = p[o * extent * inner + i], bestIndex = 0
                for k in 1..<Swift.max(extent, 1) {
                    let v = p[(o * extent + k) * inner + i]
                    if better(v, best) || (v.isNaN && !best.isNaN) { best = v; bestIndex = k }
                }
                values[o * inner + i] = best
                index[o * inner + i] = bestIndex
            }
        }
        return (values, index)
    }
}
