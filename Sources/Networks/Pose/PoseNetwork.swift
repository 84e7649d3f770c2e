import TensorEngine

/// The pose network: a ResNet encoder on frames stacked along the channels and the
/// pose decoder on its last feature map.
///
/// State names: "pose_encoder.encoder.conv1.weight", ... and "pose.net.0.weight", ...
/// (the reference saves the two as pose_encoder.pth and pose.pth, with these names
/// after the first component).
public final class PoseNetwork: Module {
    public let poseEncoder: ResNetEncoder
    public let pose: PoseDecoder
    public let config: PoseNetworkSettings

    /// A pose network initialised from `rng` (torchvision's scheme for the encoder,
    /// PyTorch's default for the decoder).
    /// - Throws: `NetworkConfigError` for an invalid configuration.
    public init(config: PoseNetworkSettings, rng: RandomGenerator) throws {
        try config.validate()
        poseEncoder = try ResNetEncoder(uninitialized: config.encoder)
        pose = PoseDecoder(uninitializedInputChannels: config.encoder.featureChannels[4],
                           decoderChannels: config.decoderChannels, framesToPredict: config.framesToPredict)
        self.config = config
        super.init()
        initializeParameters(using: rng)
    }

    /// Predicts the motion between `frames`, images [N, 3, H, W] in [0, 1] given in
    /// temporal order (the reference passes (-1, 0) and (0, +1)); they are stacked to
    /// [N, 3 frames.count, H, W].
    public func callAsFunction(_ frames: [Tensor]) -> PosePrediction {
        precondition(frames.count == config.encoder.inputImages,
                     "PoseNetwork: expected \(config.encoder.inputImages) frames, got \(frames.count)")
        let features = poseEncoder(frames.count == 1 ? frames[0] : Tensor.concat(frames, axis: 1))
        return pose(features[4])
    }
}
