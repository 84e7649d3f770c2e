/// Stochastic gradient descent with momentum, as torch.optim.SGD.
///
/// Per parameter p with gradient g, learning rate lr = group.learningRate * factor and
/// weight decay wd = group.weightDecay:
///
///     d = g + wd * p
///     buf = d                                    (first step with a gradient)
///     buf = momentum * buf + (1 - dampening) * d (later steps)
///     d = nesterov ? d + momentum * buf : buf    (only when momentum != 0)
///     p = p - lr * d
///
/// State: "group<g>.param<i>.momentum" ([shape of p]) once momentum != 0 and p had a gradient.
public final class SGD: Optimizer {
    public var groups: [ParameterGroup]
    public var learningRateFactor: Float = 1
    public let momentum: Float
    public let dampening: Float
    public let nesterov: Bool
    private var state = ParameterState()

    public init(groups: [ParameterGroup], momentum: Float = 0.9, dampening: Float = 0, nesterov: Bool = false) {
        precondition(momentum >= 0 && dampening >= 0, "SGD: negative momentum or dampening")
        precondition(!nesterov || (momentum > 0 && dampening == 0),
                     "SGD: Nesterov momentum requires a momentum and zero dampening")
        self.groups = groups
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
    }

    public func step() {
        for (g, group) in groups.enumerated() {
            let lr = group.learningRate * learningRateFactor, wd = group.weightDecay
            for (i, p) in group.parameters.enumerated() {
                guard let grad = p.grad else { continue }
                precondition(grad.count == p.count, "SGD: gradient \(grad.shape) for parameter \(p.shape)")
                if momentum == 0 {
                    update(p.data, grad.data, count: p.count) { p, g in p - lr * (g + wd * p) }
                    continue
                }
                let pp = p.data, gp = grad.data
                if let buf = state.get(g, i)?["momentum"] {
                    let bp = buf.data, m = momentum, keep = 1 - dampening, nesterov = nesterov
                    Parallel.forEachChunk(p.count, grain: Parallel.minimumGrain) { _, r in
                        var j = r.lowerBound
                        while j + 8 <= r.upperBound {
                            let d = loadLanes(gp + j) + wd * loadLanes(pp + j)
                            let b = m * loadLanes(bp + j) + keep * d
                            storeLanes(b, bp + j)
                            storeLanes(loadLanes(pp + j) - lr * (nesterov ? d + m * b : b), pp + j)
                            j += 8
                        }
                        while j < r.upperBound {
                            let d = gp[j] + wd * pp[j]
                            let b = m * bp[j] + keep * d
                            bp[j] = b
                            pp[j] -= lr * (nesterov ? d + m * b : b)
                            j += 1
                        }
                    }
                } else {
                    let buf = Tensor(uninitializedShape: p.shape)
                    let bp = buf.data, m = momentum, nesterov = nesterov
                    Parallel.forEachChunk(p.count, grain: Parallel.minimumGrain) { _, r in
                        for j in r {
                            let d = gp[j] + wd * pp[j]
                            bp[j] = d
                            pp[j] -= lr * (nesterov ? d + m * d : d)
                        }
                    }
                    state.set(g, i, ["momentum": buf])
                }
            }
        }
    }

    /// p[j] = f(p[j], g[j]) over all elements.
    private func update(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, count: Int,
                        _ f: (Float, Float) -> Float) {
        Parallel.forEachChunk(count, grain: Parallel.minimumGrain) { _, r in
            for j in r { p[j] = f(p[j], g[j]) }
        }
    }

    public func stateTensors() -> [String: Tensor] { state.exported() }

    public func loadStateTensors(_ dict: [String: Tensor]) throws {
        state = try ParameterState.imported(dict, groups: groups, names: ["momentum"]) { _, p in p.shape }
    }
}
