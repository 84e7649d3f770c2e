#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scalar function with its derivative, applied elementwise.
///
/// Operators are generic over a concrete kernel type, so the optimiser specialises one
/// loop per function (no closure or protocol call per element) and auto-vectorises
/// it; kernels are therefore written branch-free.
protocol PointwiseKernel {
    /// y = f(x).
    func value(_ x: Float) -> Float
    /// dy/dx, from the input x and the output y.
    func derivative(_ x: Float, _ y: Float) -> Float
}

extension Tensor {
    /// Applies `kernel` elementwise and records its backward pass.
    func pointwise<K: PointwiseKernel>(_ name: String, _ kernel: K) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        PointwiseLoops.forward(kernel, data, out.data, count: count)
        let y = out.detached() // the closure must not retain `out` itself (cycle)
        return Tensor.record(name, output: out, inputs: [self]) { g in
            let gx = Tensor(uninitializedShape: self.shape)
            PointwiseLoops.backward(kernel, g.data, self.data, y.data, gx.data, count: self.count)
            self.accumulateGrad(gx, fresh: true)
        }
    }

    /// e^x.
    public func exp() -> Tensor { pointwise("exp", ExpKernel()) }
    /// Natural logarithm.
    public func log() -> Tensor { pointwise("log", LogKernel()) }
    /// Square root.
    public func sqrt() -> Tensor { pointwise("sqrt", SqrtKernel()) }
    /// |x|, with derivative sign(x) (0 at 0).
    public func abs() -> Tensor { pointwise("abs", AbsKernel()) }
    /// x^p for a constant exponent p.
    public func pow(_ p: Float) -> Tensor {
        p == 2 ? pointwise("square", SquareKernel()) : pointwise("pow", PowKernel(p: p))
    }
    /// Limits values to [lo, hi]; the gradient passes only where the value was inside.
    public func clamp(min lo: Float = -.infinity, max hi: Float = .infinity) -> Tensor {
        pointwise("clamp", ClampKernel(lo: lo, hi: hi))
    }
    /// max(x, 0).
    public func relu() -> Tensor { pointwise("relu", ReLUKernel()) }
    /// x for x > 0, alpha (e^x - 1) otherwise.
    public func elu(alpha: Float = 1) -> Tensor { pointwise("elu", ELUKernel(alpha: alpha)) }
    /// 1 / (1 + e^-x).
    public func sigmoid() -> Tensor { pointwise("sigmoid", SigmoidKernel()) }
    /// Hyperbolic tangent.
    public func tanh() -> Tensor { pointwise("tanh", TanhKernel()) }
    /// Sine (radians); used to build rotation matrices from axis-angle poses.
    public func sin() -> Tensor { pointwise("sin", SinKernel()) }
    /// Cosine (radians).
    public func cos() -> Tensor { pointwise("cos", CosKernel()) }

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

/// The loops behind `pointwise`, split over threads in fixed ranges.
enum PointwiseLoops {
    static func forward<K: PointwiseKernel>(_ k: K, _ x: UnsafePointer<Float>,
                                            _ y: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forEachChunk(count, grain: Parallel.minimumGrain) { _, r in
            for i in r { y[i] = k.value(x[i]) }
        }
    }

    static func backward<K: PointwiseKernel>(_ k: K, _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                                             _ y: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>,
                                             count: Int) {
        Parallel.forEachChunk(count, grain: Parallel.minimumGrain) { _, r in
            for i in r { gx[i] = g[i] * k.derivative(x[i], y[i]) }
        }
    }
}

// MARK: - The kernels

struct ExpKernel: PointwiseKernel {
    func value(_ x: Float) -> Float { FastMath.exp(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { y }
}

struct LogKernel: PointwiseKernel {
    func value(_ x: Float) -> Float { logf(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { 1 / x }
}

struct SqrtKernel: PointwiseKernel {
    func value(_ x: Float) -> Float { x.squareRoot() }
    func derivative(_ x: Float, _ y: Float) -> Float { 0.5 / y }
}

struct AbsKernel: PointwiseKernel {
    func value(_ x: Float) -> Float { Swift.abs(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

struct SquareKernel: PointwiseKernel {
    func value(_ x: Float) -> Float { x * x }
    func derivative(_ x: Float, _ y: Float) -> Float { 2 * x }
}

struct PowKernel: PointwiseKernel {
    let p: Float
    func value(_ x: Float) -> Float { powf(x, p) }
    func derivative(_ x: Float, _ y: Float) -> Float { p * powf(x, p - 1) }
}

struct ClampKernel: PointwiseKernel {
    let lo: Float, hi: Float
    func value(_ x: Float) -> Float { Swift.min(Swift.max(x, lo), hi) }
    func derivative(_ x: Float, _ y: Float) -> Float { (x >= lo && x <= hi) ? 1 : 0 }
}

struct ReLUKernel: PointwiseKernel {
    func value(_ x: Float) -> Float { x > 0 ? x : 0 }
    func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : 0 }
}

struct ELUKernel: PointwiseKernel {
    let alpha: Float
    func value(_ x: Float) -> Float { x > 0 ? x : alpha * (FastMath.exp(x) - 1) }
    func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : y + alpha }
}

struct SigmoidKernel: PointwiseKernel {
    func value(_ x: Float) -> Float { FastMath.sigmoid(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { y * (1 - y) }
}

struct TanhKernel: PointwiseKernel {
    func value(_ x: Float) -> Float { FastMath.tanh(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { 1 - y * y }
}

struct SinKernel: PointwiseKernel {
    func value(_ x: Float) -> Float { sinf(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { cosf(x) }
}

struct CosKernel: PointwiseKernel {
    func value(_ x: Float) -> Float { cosf(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { -sinf(x) }
}
