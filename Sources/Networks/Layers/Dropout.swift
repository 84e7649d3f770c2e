import TensorEngine

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
