/// The shape of the pose network: a ResNet encoder on stacked frames and monodepth2's
/// pose decoder.
public struct PoseNetworkSettings: Equatable, Hashable, Codable, Sendable {
    /// The encoder; `inputImages` frames are stacked along the channels (2 for pairs).
    public var encoder: ResNetSettings
    /// Width of the decoder's squeeze and pose convolutions (256 in the reference).
    public var decoderChannels: Int
    /// Number of relative poses predicted per input (the reference predicts 2 and uses
    /// the first).
    public var framesToPredict: Int

    public init(encoder: ResNetSettings, decoderChannels: Int = 256, framesToPredict: Int = 2) {
        self.encoder = encoder
        self.decoderChannels = decoderChannels
        self.framesToPredict = framesToPredict
    }

    /// The reference's pose network: ResNet-18 on frame pairs, decoder width 256.
    public static let paper = PoseNetworkSettings(encoder: .paperPose)

    /// A ResNet-18 pose network with every width multiplied by `multiplier`.
    public static func small(widthMultiplier: Float) -> PoseNetworkSettings {
        PoseNetworkSettings(encoder: ResNetSettings(depth: 18, widthMultiplier: widthMultiplier,
                                                dilateLastStage: false, inputImages: 2),
                          decoderChannels: scaledChannels(256, by: widthMultiplier))
    }

    /// Throws when a setting cannot be built.
    public func validate() throws {
        try encoder.validate()
        guard decoderChannels > 0 else {
            throw NetworkConfigError("PoseNetworkSettings.decoderChannels: \(decoderChannels) must be positive")
        }
        guard framesToPredict > 0 else {
            throw NetworkConfigError("PoseNetworkSettings.framesToPredict: \(framesToPredict) must be positive")
        }
    }
}
