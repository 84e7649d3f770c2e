import TensorEngine

/// Global average pooling [N, C, H, W] -> [N, C, 1, 1] (nn.AdaptiveAvgPool2d(1)).
public final class GlobalAveragePool: Module, UnaryLayer {
    public override init() { super.init() }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.adaptiveAvgPool2d(outputSize: 1) }
}
