/// Reverse-mode automatic differentiation (define-by-run).
///
/// Each differentiable operation that sees an input requiring gradients attaches a
/// `GradFunction` to its output: the inputs, and a closure that receives the output's
/// gradient and adds each input's share via `Tensor.accumulateGrad`. `backward()`
/// orders the graph topologically and runs the closures once, outputs before inputs.
/// Closures must never capture the output tensor itself (that would be a reference
/// cycle); they capture `output.detached()`, which shares the values.
final class GradFunction {
    let name: String
    let inputs: [Tensor]
    let backward: (Tensor) -> Void

    init(name: String, inputs: [Tensor], backward: @escaping (Tensor) -> Void) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
    }
}

extension Tensor {
    /// Whether an operation on `inputs` must record its backward pass.
    static func needsGrad(_ inputs: [Tensor]) -> Bool {
        GradMode.isEnabled && inputs.contains { $0.requiresGrad }
    }

    /// Attaches a backward closure to the freshly computed `output` when needed.
    /// Returns `output` for chaining.
    @discardableResult
    static func record(_ name: String, output: Tensor, inputs: [Tensor],
                       backward: @escaping (Tensor) -> Void) -> Tensor {
        if needsGrad(inputs) {
            output.requiresGrad = true
            output.gradFn = GradFunction(name: name, inputs: inputs, backward: backward)
        }
        return output
    }

    /// Adds `g` (same element count as self) to this tensor's gradient.
    ///
    /// Interior nodes keep their first contribution by reference (no copy); a second is summed
    /// into a fresh buffer, after which sums happen in place. So a backward closure may
    /// hand the same tensor to several inputs, and may pass its incoming gradient on.
    /// - Parameter fresh: the caller promises `g` is a new tensor nobody else holds, so
    ///   a leaf may keep it without copying.
    func accumulateGrad(_ g: Tensor, fresh: Bool = false) {
        guard requiresGrad else { return }
        precondition(g.count == count, "gradient of shape \(g.shape) for tensor \(shape)")
        if let existing = grad {
            if gradIsOwned {
                Kernels.addInPlace(existing.data, g.data, count: count)
            } else {
                let sum = Tensor(uninitializedShape: shape)
                Kernels.add(existing.data, g.data, sum.data, count: count)
                grad = sum
                gradIsOwned = true
            }
        } else if gradFn == nil && fresh {
            grad = g.shape == shape ? g : Tensor(shape: shape, storage: g.storage)
            gradIsOwned = true
        } else if gradFn == nil {
            // Leaves keep a private copy: optimisers and clipping write to it in place.
            let own = Tensor(uninitializedShape: shape)
            own.data.update(from: g.data, count: count)
            grad = own
            gradIsOwned = true
        } else {
            grad = g.shape == shape ? g : Tensor(shape: shape, storage: g.storage)
            gradIsOwned = false
        }
    }

    /// Computes gradients of this tensor with respect to every leaf that requires them.
    ///
    /// - Parameter seed: the gradient of the final objective with respect to this
    ///   tensor; defaults to ones (so a scalar loss gets d loss / d loss = 1).
    /// Leaves accumulate into `grad` across calls until `zeroGrad()`. The graph is
    /// released afterwards and intermediate tensors keep no gradient.
    public func backward(seed: Tensor? = nil) {
        precondition(requiresGrad, "backward: tensor does not require gradients")
        if let seed { precondition(seed.count == count, "backward: seed shape \(seed.shape) for \(shape)") }
        accumulateGrad(seed ?? Tensor.ones(shape))
        // Reverse topological order: each node runs after all of its consumers, so
        // its gradient is complete when its closure sees it.
        for node in topologicalOrder().reversed() {
            guard let fn = node.gradFn else { continue }
            node.gradFn = nil
            guard let g = node.grad else { continue }
            node.grad = nil
            fn.backward(g)
        }
    }

    /// Nodes reachable from self through gradFn edges, inputs before outputs.
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            let id = ObjectIdentifier(node)
            if visited.contains(id) { continue }
            visited.insert(id)
            stack.append((node, true))
            if let fn = node.gradFn {
                for input in fn.inputs where input.requiresGrad
                    && !visited.contains(ObjectIdentifier(input)) {
                    stack.append((input, false))
                }
            }
        }
        return order
    }
}
