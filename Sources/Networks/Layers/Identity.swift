import TensorEngine

/// Returns its input unchanged (nn.Identity): holds a position in a `Sequential`.
public final class Identity: Module, UnaryLayer {
    public override init() { super.init() }

    public func callAsFunction(_ x: Tensor) -> Tensor { x }
}
