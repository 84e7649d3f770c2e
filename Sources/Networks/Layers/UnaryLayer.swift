import TensorEngine

/// A module that maps one tensor to one tensor, so it can sit in a `Sequential`.
public protocol UnaryLayer: Module {
    /// Applies the layer to `x` (usually [N, C, H, W]).
    func callAsFunction(_ x: Tensor) -> Tensor
}
