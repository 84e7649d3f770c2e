/// A consistent set of network shapes: the paper's exact architecture or a narrower,
/// shallower one that keeps every structural feature (dilated last stage, ASPP with
/// rates 6, 12, 18 and pooling, skip connections, 4 disparity scales, the same
/// segmentation head and pose network layout).
public struct NetworkSettings: Equatable, Hashable, Codable, Sendable {
    /// A short name for logs and reports.
    public var name: String
    /// The segmentation/depth encoder.
    public var encoder: ResNetSettings
    /// The depth decoder (also the segmentation decoder's copy).
    public var depthDecoder: DepthDecoderSettings
    /// The segmentation head.
    public var segmentation: SegmentationDecoderSettings
    /// The pose network.
    public var pose: PoseNetworkSettings

    public init(name: String, encoder: ResNetSettings, depthDecoder: DepthDecoderSettings,
                segmentation: SegmentationDecoderSettings, pose: PoseNetworkSettings) {
        self.name = name
        self.encoder = encoder
        self.depthDecoder = depthDecoder
        self.segmentation = segmentation
        self.pose = pose
    }

    /// The reference's architecture for depth pretraining and experiment 210:
    /// dilated ResNet-101, dec6 decoder, layer-9 head at output stride 1, ResNet-18 pose net.
    public static let paper = NetworkSettings(name: "paper", encoder: .paper, depthDecoder: .dec6,
                                             segmentation: .experiment210, pose: .paper)

    /// The reference's architecture for experiment 211: dilated ResNet-50, dec9 decoder
    /// (batch norm), layer-8 head with the intermediate convolution at output stride 2.
    public static let paperDataSelection = NetworkSettings(name: "paper-data-selection", encoder: .paperDataSelection,
                                                          depthDecoder: .dec9, segmentation: .experiment211,
                                                          pose: .paper)

    /// `paper` shrunk: ResNet-18 blocks (dilated, as the paper's encoder) and every width
    /// (encoder, decoder, head, pose net) multiplied by `widthMultiplier`.
    public static func small(widthMultiplier: Float) -> NetworkSettings {
        NetworkSettings(name: "small-r18-w\(widthMultiplier)",
                       encoder: ResNetSettings(depth: 18, widthMultiplier: widthMultiplier),
                       depthDecoder: DepthDecoderSettings.dec6.scaled(by: widthMultiplier),
                       segmentation: SegmentationDecoderSettings.experiment210.scaled(by: widthMultiplier),
                       pose: .small(widthMultiplier: widthMultiplier))
    }

    /// `paperDataSelection` shrunk the same way (ResNet-18 blocks, dec9 with batch norm,
    /// layer-8 head at output stride 2).
    public static func smallDataSelection(widthMultiplier: Float) -> NetworkSettings {
        NetworkSettings(name: "small-data-selection-r18-w\(widthMultiplier)",
                       encoder: ResNetSettings(depth: 18, widthMultiplier: widthMultiplier),
                       depthDecoder: DepthDecoderSettings.dec9.scaled(by: widthMultiplier),
                       segmentation: SegmentationDecoderSettings.experiment211.scaled(by: widthMultiplier),
                       pose: .small(widthMultiplier: widthMultiplier))
    }

    /// Throws when any part cannot be built.
    public func validate() throws {
        try encoder.validate()
        try depthDecoder.validate()
        try segmentation.validate()
        try pose.validate()
    }
}
