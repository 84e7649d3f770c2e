#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Adam, as torch.optim.Adam (amsgrad = False; weight decay is an L2 term on the gradient).
///
/// Per parameter p with gradient g, at its t-th update (t counts only steps where p had
/// a gradient), lr = group.learningRate * factor and wd = group.weightDecay:
///
///     d = g + wd * p
///     m = m + (1 - beta1) * (d - m)            (= beta1 m + (1 - beta1) d; torch's lerp)
///     v = beta2 * v + (1 - beta2) * d * d
///     p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
///
/// The bias corrections are computed in Float64, as torch does in Python.
/// State per parameter: "group<g>.param<i>.exp_avg" and ".exp_avg_sq" ([shape of p]) and
/// ".step" (a scalar tensor holding t; exact up to 2^24 steps).
public final class Adam: Optimizer {
    public var groups: [ParameterGroup]
    public var learningRateFactor: Float = 1
    public let beta1: Float, beta2: Float, eps: Float
    private var state = ParameterState()

    public init(groups: [ParameterGroup], beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8) {
        precondition(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam: betas must lie in [0, 1)")
        self.groups = groups
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
    }

    public func step() {
        for (g, group) in groups.enumerated() {
            let lr = group.learningRate * learningRateFactor, wd = group.weightDecay
            for (i, p) in group.parameters.enumerated() {
                guard let grad = p.grad else { continue }
                precondition(grad.count == p.count, "Adam: gradient \(grad.shape) for parameter \(p.shape)")
                let buffers = state.get(g, i).flatMap { $0.isEmpty ? nil : $0 } ?? {
                    let fresh = ["exp_avg": Tensor.zeros(p.shape), "exp_avg_sq": Tensor.zeros(p.shape),
                                 "step": Tensor(scalar: 0)]
                    state.set(g, i, fresh)
                    return fresh
                }()
                let stepTensor = buffers["step"]!
                stepTensor.data[0] += 1
                let t = Double(stepTensor.data[0])
                let stepSize = Float(Double(lr) / (1 - pow(Double(beta1), t)))
                let bc2Sqrt = Float((1 - pow(Double(beta2), t)).squareRoot())
                let pp = p.data, gp = grad.data
                let mp = buffers["exp_avg"]!.data, vp = buffers["exp_avg_sq"]!.data
                let b1c = 1 - beta1, b2 = beta2, b2c = 1 - beta2, eps = eps
                Parallel.forEachChunk(p.count, grain: Parallel.minimumGrain) { _, r in
                    // The same arithmetic on 8 lanes at a time, then the tail.
                    var j = r.lowerBound
                    while j + 8 <= r.upperBound {
                        let d = loadLanes(gp + j) + wd * loadLanes(pp + j)
                        let m0 = loadLanes(mp + j)
                        let m = m0 + b1c * (d - m0)
                        let v = b2 * loadLanes(vp + j) + b2c * d * d
                        storeLanes(m, mp + j)
                        storeLanes(v, vp + j)
                        storeLanes(loadLanes(pp + j) - stepSize * (m / (v.squareRoot() / bc2Sqrt + eps)), pp + j)
                        j += 8
                    }
                    while j < r.upperBound {
                        let d = gp[j] + wd * pp[j]
                        let m = mp[j] + b1c * (d - mp[j])
                        let v = b2 * vp[j] + b2c * d * d
                        mp[j] = m
                        vp[j] = v
                        pp[j] -= stepSize * (m / (v.squareRoot() / bc2Sqrt + eps))
                        j += 1
                    }
                }
            }
        }
    }

    public func stateTensors() -> [String: Tensor] { state.exported() }

    public func loadStateTensors(_ dict: [String: Tensor]) throws {
        state = try ParameterState.imported(dict, groups: groups, names: ["exp_avg", "exp_avg_sq", "step"]) {
            name, p in name == "step" ? [] : p.shape
        }
    }
}
