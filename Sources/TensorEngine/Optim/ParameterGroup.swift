/// A set of trainable parameters sharing one base learning rate and weight decay
/// (torch.optim's param_groups entries).
///
/// The learning rate an optimiser applies is `learningRate * optimizer.learningRateFactor`,
/// so a schedule scales every group alike while groups keep their ratios (for example
/// the paper's smaller backbone learning rate).
public struct ParameterGroup {
    /// Leaf tensors with requiresGrad = true; their values are updated in place.
    public var parameters: [Tensor]
    /// Base learning rate of this group.
    public var learningRate: Float
    /// L2 penalty coefficient (added to the gradient as weightDecay * p, as torch.optim).
    public var weightDecay: Float
    /// A label for logs.
    public var name: String

    public init(parameters: [Tensor], learningRate: Float, weightDecay: Float = 0, name: String = "") {
        self.parameters = parameters
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.name = name
    }
}
