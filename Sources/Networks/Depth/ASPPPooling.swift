import TensorEngine

/// ASPP's image-level branch: global average pooling, 1x1 convolution (no bias), batch
/// norm, ReLU, then bilinear upsampling back to the input's H x W (a constant map).
/// [N, Cin, H, W] -> [N, Cout, H, W]. Training needs N > 1 (batch norm on 1x1 maps).
///
/// State names: "1.weight" (convolution), "2.*" (batch norm), as torchvision's ASPPPooling.
public final class ASPPPooling: Sequential {
    public init(inputChannels: Int, outputChannels: Int) {
        super.init([
            GlobalAveragePool(),
            Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 1, bias: false),
            BatchNorm2d(channels: outputChannels),
            Activation(.relu),
        ])
    }

    public override func callAsFunction(_ x: Tensor) -> Tensor {
        super.callAsFunction(x).resize(height: x.shape[2], width: x.shape[3], mode: .bilinear)
    }
}
