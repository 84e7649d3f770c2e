/// A first-order optimiser over groups of parameters.
///
/// Usage per training step: `zeroGrad()`, forward, `loss.backward()`, optionally
/// `clipGradNorm`, set `learningRateFactor = schedule.factor(at: step)`, then `step()`.
/// Parameters whose `grad` is nil are skipped by `step()` (and their state is untouched).
///
/// State (momentum buffers, Adam moments and step counts) is kept per parameter by its
/// position: group index, then index within the group. `stateTensors()` exports it as
/// copies named "group<g>.param<i>.<buffer>" (e.g. "group0.param3.momentum"), and
/// `loadStateTensors(_:)` restores it, so saving both with the parameters resumes
/// training bit-exactly. The learning-rate factor is not part of the state: it is a
/// function of the step, set by the trainer.
public protocol Optimizer: AnyObject {
    /// The parameter groups; the state stays matched to them by position.
    var groups: [ParameterGroup] { get set }
    /// Multiplies every group's `learningRate` (from a `LearningRateSchedule`); 1 by default.
    var learningRateFactor: Float { get set }
    /// Updates every parameter that has a gradient, in place.
    func step()
    /// Forgets every parameter's gradient.
    func zeroGrad()
    /// A copy of the optimiser state, named "group<g>.param<i>.<buffer>".
    func stateTensors() -> [String: Tensor]
    /// Replaces the whole state with `state` (parameters absent from it get fresh state).
    func loadStateTensors(_ state: [String: Tensor]) throws
}

extension Optimizer {
    public func zeroGrad() {
        for group in groups { for p in group.parameters { p.zeroGrad() } }
    }

    /// The learning rate `step()` applies to group `index` now.
    public func effectiveLearningRate(group index: Int) -> Float {
        groups[index].learningRate * learningRateFactor
    }
}

/// Per-parameter buffers addressed by (group, index), shared by the optimisers.
struct ParameterState {
    /// buffers[g][i][name]
    var buffers: [[[String: Tensor]]] = []

    func get(_ g: Int, _ i: Int) -> [String: Tensor]? {
        g < buffers.count && i < buffers[g].count ? buffers[g][i] : nil
    }

    mutating func set(_ g: Int, _ i: Int, _ value: [String: Tensor]) {
        while buffers.count <= g { buffers.append([]) }
        while buffers[g].count <= i { buffers[g].append([:]) }
        buffers[g][i] = value
    }

    static func key(_ g: Int, _ i: Int, _ name: String) -> String { "group\(g).param\(i).\(name)" }

    /// Copies of every buffer, by key.
    func exported() -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (g, params) in buffers.enumerated() {
            for (i, named) in params.enumerated() {
                for (name, t) in named { out[ParameterState.key(g, i, name)] = t.copy() }
            }
        }
        return out
    }

    /// Rebuilds state from `dict` for `groups`: each parameter either has all of `names`
    /// (shaped by `shapeOf(name, parameter)`) or none.
    static func imported(_ dict: [String: Tensor], groups: [ParameterGroup], names: [String],
                         shapeOf: (String, Tensor) -> [Int]) throws -> ParameterState {
        var state = ParameterState()
        var used = 0
        for (g, group) in groups.enumerated() {
            for (i, p) in group.parameters.enumerated() {
                let present = names.filter { dict[key(g, i, $0)] != nil }
                if present.isEmpty { continue }
                var named: [String: Tensor] = [:]
                for name in names {
                    let k = key(g, i, name)
                    guard let t = dict[k] else { throw OptimizerStateError.incompleteState(key: k) }
                    let expected = shapeOf(name, p)
                    guard t.shape == expected else {
                        throw OptimizerStateError.shapeMismatch(key: k, expected: expected, found: t.shape)
                    }
                    named[name] = t.copy()
                }
                used += names.count
                state.set(g, i, named)
            }
        }
        if used != dict.count {
            let known = Set(groups.indices.flatMap { g in
                groups[g].parameters.indices.flatMap { i in names.map { key(g, i, $0) } } })
            if let extra = dict.keys.sorted().first(where: { !known.contains($0) }) {
                throw OptimizerStateError.unexpectedKey(extra)
            }
        }
        return state
    }
}
