import TensorEngine

/// A parameterless element-wise nonlinearity as a layer (for `Sequential`s whose
/// positions must match PyTorch's); elsewhere call the tensor functions directly.
public final class Activation: Module, UnaryLayer {
    /// The nonlinearities the networks use.
    public enum Function: Sendable, Equatable {
        /// max(x, 0).
        case relu
        /// x for x > 0, exp(x) - 1 otherwise (alpha 1).
        case elu
        /// 1 / (1 + exp(-x)).
        case sigmoid
    }

    public let function: Function

    public init(_ function: Function) {
        self.function = function
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch function {
        case .relu: return x.relu()
        case .elu: return x.elu()
        case .sigmoid: return x.sigmoid()
        }
    }
}
