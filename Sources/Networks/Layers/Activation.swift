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

/// Returns its input unchanged (nn.Identity): holds a position in a `Sequential`.
public final class Identity: Module, UnaryLayer {
    public override init() { super.init() }

    public func callAsFunction(_ x: Tensor) -> Tensor { x }
}

/// Element-wise inverted dropout (nn.Dropout): in training, zeroes each element with
/// probability `probability` and scales the rest by 1 / (1 - probability); identity in
/// evaluation mode or when the probability is 0.
///
/// The mask comes from `generator`, which `resetParameters` (thus
/// `initializeParameters`) seeds from the module's own stream; set it to reseed.
public final class Dropout: Module, UnaryLayer {
    public let probability: Float
    /// The stream the masks are drawn from; advanced by every training-mode call.
    public var generator: RandomGenerator

    public init(probability: Float) {
        precondition(probability >= 0 && probability <= 1, "Dropout: probability \(probability) outside [0, 1]")
        self.probability = probability
        generator = RandomGenerator(seed: 0)
        super.init()
    }

    public override func resetParameters(using rng: RandomGenerator) {
        generator = rng.split("dropout")
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.dropout(p: probability, training: isTraining, rng: &generator)
    }
}

/// Global average pooling [N, C, H, W] -> [N, C, 1, 1] (nn.AdaptiveAvgPool2d(1)).
public final class GlobalAveragePool: Module, UnaryLayer {
    public override init() { super.init() }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.adaptiveAvgPool2d(outputSize: 1) }
}
