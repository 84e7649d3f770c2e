import TensorEngine

/// monodepth2's pose decoder on one encoder's last feature map: 1x1 squeeze to
/// `decoderChannels` + ReLU, two 3x3 convolutions (padding 1) + ReLU, a 1x1
/// convolution to 6 values per predicted frame, the spatial mean, times 0.01; the
/// first 3 values of each frame are the axis-angle, the last 3 the translation.
///
/// State names as the reference: "net.0" (squeeze), "net.1", "net.2", "net.3" (".weight",
/// ".bias"), with PyTorch's default initialisation.
public final class PoseDecoder: Module {
    public let net: [Conv2d]
    public let framesToPredict: Int

    /// - Parameters:
    ///   - inputChannels: channels of the encoder's last feature map.
    ///   - decoderChannels: width of the hidden convolutions (256 in the reference).
    ///   - framesToPredict: poses predicted (2 in the reference).
    init(uninitializedInputChannels inputChannels: Int, decoderChannels: Int, framesToPredict: Int) {
        net = [
            Conv2d(inputChannels: inputChannels, outputChannels: decoderChannels, kernelSize: 1),
            Conv2d(inputChannels: decoderChannels, outputChannels: decoderChannels, kernelSize: 3, padding: 1),
            Conv2d(inputChannels: decoderChannels, outputChannels: decoderChannels, kernelSize: 3, padding: 1),
            Conv2d(inputChannels: decoderChannels, outputChannels: 6 * framesToPredict, kernelSize: 1),
        ]
        self.framesToPredict = framesToPredict
        super.init()
    }

    /// A decoder with PyTorch's default initialisation drawn from `rng`.
    public convenience init(inputChannels: Int, decoderChannels: Int, framesToPredict: Int, rng: RandomGenerator) {
        self.init(uninitializedInputChannels: inputChannels, decoderChannels: decoderChannels,
                  framesToPredict: framesToPredict)
        initializeParameters(using: rng)
    }

    /// Predicts poses from `feature` ([N, C, h, w], the encoder's last map).
    public func callAsFunction(_ feature: Tensor) -> PosePrediction {
        var x = net[0](feature).relu()
        x = net[1](x).relu()
        x = net[2](x).relu()
        x = net[3](x)
        let n = x.shape[0]
        let values = x.mean(axes: [2, 3]).reshaped([n, framesToPredict, 1, 6]) * 0.01
        let parts = values.split(sizes: [3, 3], axis: 3)
        return PosePrediction(axisAngle: parts[0], translation: parts[1])
    }
}
