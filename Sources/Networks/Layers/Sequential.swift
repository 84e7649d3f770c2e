import TensorEngine

/// Applies its layers in order, as torch.nn.Sequential; children are named "0", "1", ...
/// by position, parameterless layers (activations, dropout) included, so the state
/// names match PyTorch's.
open class Sequential: Module, UnaryLayer {
    /// The layers, applied first to last.
    public let layers: [any UnaryLayer]

    public init(_ layers: [any UnaryLayer]) {
        self.layers = layers
        super.init()
    }

    open override func namedChildren() -> [(String, Module)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    /// Applies each layer to the previous one's output.
    open func callAsFunction(_ x: Tensor) -> Tensor {
        layers.reduce(x) { $1($0) }
    }
}
