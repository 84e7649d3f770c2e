import TensorEngine

/// Batch normalisation over the channels of [N, C, H, W], as nn.BatchNorm2d (affine,
/// tracking running statistics, momentum 0.1, eps 1e-5 by default).
///
/// Training mode normalises with the batch's statistics (more than one value per
/// channel is needed, as in PyTorch) and updates the running buffers; evaluation mode
/// uses the running buffers.
///
/// State names: parameters "weight", "bias" [C]; buffers "running_mean", "running_var"
/// [C] and "num_batches_tracked" (a scalar, shape [], counting training batches).
public final class BatchNorm2d: Module, UnaryLayer {
    public let weight: Tensor
    public let bias: Tensor
    public let runningMean: Tensor
    public let runningVar: Tensor
    public let numBatchesTracked: Tensor
    public let momentum: Float
    public let eps: Float

    public init(channels: Int, momentum: Float = 0.1, eps: Float = 1e-5) {
        precondition(channels > 0, "BatchNorm2d: channels must be positive, got \(channels)")
        weight = Tensor.ones([channels], requiresGrad: true)
        bias = Tensor.zeros([channels], requiresGrad: true)
        runningMean = Tensor.zeros([channels])
        runningVar = Tensor.ones([channels])
        numBatchesTracked = Tensor(scalar: 0)
        self.momentum = momentum
        self.eps = eps
        super.init()
    }

    public var channels: Int { weight.count }

    public override var bufferNames: Set<String> { ["running_mean", "running_var", "num_batches_tracked"] }

    /// Weight 1, bias 0, running mean 0, running variance 1, counter 0 (PyTorch's reset).
    public override func resetParameters(using rng: RandomGenerator) {
        weight.assign(Tensor.ones(weight.shape))
        bias.assign(Tensor.zeros(bias.shape))
        runningMean.assign(Tensor.zeros(runningMean.shape))
        runningVar.assign(Tensor.ones(runningVar.shape))
        numBatchesTracked.data[0] = 0
    }

    /// Normalises `x` ([N, C, H, W]); same shape out.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        if isTraining { numBatchesTracked.data[0] += 1 }
        return x.batchNorm(weight: weight, bias: bias, runningMean: runningMean, runningVar: runningVar,
                           training: isTraining, momentum: momentum, eps: eps)
    }
}
