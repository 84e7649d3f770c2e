/// Broadcasting arithmetic: `+ - * /` between tensors and with scalars.
extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let out = Broadcast.apply(a, b, AddKernel())
        return record("add", output: out, inputs: [a, b]) { g in
            a.accumulateReduced(g)
            b.accumulateReduced(g)
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let out = Broadcast.apply(a, b, SubKernel())
        return record("sub", output: out, inputs: [a, b]) { g in
            a.accumulateReduced(g)
            if b.requiresGrad { b.accumulateReduced(g.scaled(-1), fresh: true) }
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let out = Broadcast.apply(a, b, MulKernel())
        return record("mul", output: out, inputs: [a, b]) { g in
            if a.requiresGrad { a.accumulateReduced(Broadcast.apply(g, b, MulKernel()), fresh: true) }
            if b.requiresGrad { b.accumulateReduced(Broadcast.apply(g, a, MulKernel()), fresh: true) }
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let out = Broadcast.apply(a, b, DivKernel())
        let y = out.detached() // not `out`: the closure is stored on it
        return record("div", output: out, inputs: [a, b]) { g in
            if a.requiresGrad { a.accumulateReduced(Broadcast.apply(g, b, DivKernel()), fresh: true) }
            if b.requiresGrad {
                // d(a/b)/db = -out / b
                let gb = Broadcast.apply(Broadcast.apply(g, y, MulKernel()), b, DivKernel())
                b.accumulateReduced(gb.scaled(-1), fresh: true)
            }
        }
    }

    /// Adds a gradient of the broadcast output shape, summed down to this tensor's shape.
    /// `fresh`: `g` is a new tensor that no one else holds (see `accumulateGrad`).
    func accumulateReduced(_ g: Tensor, fresh: Bool = false) {
        guard requiresGrad else { return }
        let reduced = Broadcast.reduce(g, to: shape)
        accumulateGrad(reduced, fresh: fresh || reduced.storage !== g.storage)
    }

    public static prefix func - (a: Tensor) -> Tensor { a * -1 }

    public static func + (a: Tensor, s: Float) -> Tensor {
        let out = Tensor(uninitializedShape: a.shape)
        Kernels.addScalar(a.data, s, out.data, count: a.count)
        return record("addScalar", output: out, inputs: [a]) { g in a.accumulateGrad(g) }
    }
    public static func + (s: Float, a: Tensor) -> Tensor { a + s }
    public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }
    public static func - (s: Float, a: Tensor) -> Tensor { (a * -1) + s }

    public static func * (a: Tensor, s: Float) -> Tensor {
        let out = a.scaled(s)
        return record("mulScalar", output: out, inputs: [a]) { g in a.accumulateGrad(g.scaled(s)) }
    }
    public static func * (s: Float, a: Tensor) -> Tensor { a * s }
    public static func / (a: Tensor, s: Float) -> Tensor { a * (1 / s) }

    public static func / (s: Float, a: Tensor) -> Tensor {
        let out = Tensor(uninitializedShape: a.shape)
        Kernels.divide(s, by: a.data, out.data, count: a.count)
        let y = out.detached()
        return record("rdivScalar", output: out, inputs: [a]) { g in
            // d(s/a)/da = -out / a
            let ga = Tensor(uninitializedShape: a.shape)
            Kernels.negatedProductQuotient(g.data, y.data, a.data, ga.data, count: a.count)
            a.accumulateGrad(ga)
        }
    }

    /// Values times `s`, recording nothing (a raw kernel for backward passes).
    func scaled(_ s: Float) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        Kernels.scale(data, s, out.data, count: count)
        return out
    }
}
