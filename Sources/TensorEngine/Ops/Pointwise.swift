#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unary and binary pointwise functions with their derivatives.
extension Tensor {
    /// Applies `f` elementwise; `derivative(x, y)` gives dy/dx from input and output.
    func pointwise(_ name: String, _ f: (Float) -> Float,
                   derivative: @escaping (Float, Float) -> Float) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        Kernels.map(data, out.data, count: count, f)
        let y = out.detached() // the closure must not retain `out` itself (cycle)
        return Tensor.record(name, output: out, inputs: [self]) { g in
            let gx = Tensor(uninitializedShape: self.shape)
            Kernels.zip3(g.data, self.data, y.data, gx.data, count: self.count) {
                $0 * derivative($1, $2)
            }
            self.accumulateGrad(gx)
        }
    }

    public func exp() -> Tensor { pointwise("exp", { expf($0) }, derivative: { _, y in y }) }
    public func log() -> Tensor { pointwise("log", { logf($0) }, derivative: { x, _ in 1 / x }) }
    public func sqrt() -> Tensor {
        pointwise("sqrt", { $0.squareRoot() }, derivative: { _, y in 0.5 / y })
    }
    /// |x|, with derivative sign(x) (0 at 0).
    public func abs() -> Tensor {
        pointwise("abs", { Swift.abs($0) }, derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) })
    }
    /// x^p for a constant exponent p.
    public func pow(_ p: Float) -> Tensor {
        if p == 2 { return pointwise("square", { $0 * $0 }, derivative: { x, _ in 2 * x }) }
        return pointwise("pow", { powf($0, p) }, derivative: { x, _ in p * powf(x, p - 1) })
    }
    /// Limits values to [lo, hi]; the gradient passes only where the value was inside.
    public func clamp(min lo: Float = -.infinity, max hi: Float = .infinity) -> Tensor {
        pointwise("clamp", { Swift.min(Swift.max($0, lo), hi) },
                  derivative: { x, _ in (x >= lo && x <= hi) ? 1 : 0 })
    }

    /// max(x, 0).
    public func relu() -> Tensor {
        pointwise("relu", { $0 > 0 ? $0 : 0 }, derivative: { x, _ in x > 0 ? 1 : 0 })
    }
    /// x for x > 0, alpha (e^x - 1) otherwise.
    public func elu(alpha: Float = 1) -> Tensor {
        pointwise("elu", { $0 > 0 ? $0 : alpha * (expf($0) - 1) },
                  derivative: { x, y in x > 0 ? 1 : y + alpha })
    }
    /// 1 / (1 + e^-x).
    public func sigmoid() -> Tensor {
        pointwise("sigmoid", { 1 / (1 + expf(-$0)) }, derivative: { _, y in y * (1 - y) })
    }
    public func tanh() -> Tensor {
        pointwise("tanh", { tanhf($0) }, derivative: { _, y in 1 - y * y })
    }

    /// Elementwise minimum with broadcasting; ties send the gradient to `self`.
    public func minimum(_ other: Tensor) -> Tensor { selectBetween(other, "minimum") { $0 <= $1 } }
    /// Elementwise maximum with broadcasting; ties send the gradient to `self`.
    public func maximum(_ other: Tensor) -> Tensor { selectBetween(other, "maximum") { $0 >= $1 } }

    private func selectBetween(_ other: Tensor, _ name: String,
                               _ pickSelf: @escaping (Float, Float) -> Bool) -> Tensor {
        let out = Broadcast.apply(self, other) { pickSelf($0, $1) ? $0 : $1 }
        return Tensor.record(name, output: out, inputs: [self, other]) { g in
            let mask = Broadcast.apply(self, other) { pickSelf($0, $1) ? 1 : 0 }
            if self.requiresGrad {
                self.accumulateGrad(Broadcast.reduce(Broadcast.apply(g, mask, *), to: self.shape))
            }
            if other.requiresGrad {
                let go = Broadcast.apply(g, mask) { $0 * (1 - $1) }
                other.accumulateGrad(Broadcast.reduce(go, to: other.shape))
            }
        }
    }
}
