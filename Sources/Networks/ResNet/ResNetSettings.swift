/// The shape of a ResNet encoder: torchvision's ResNet-18/34/50/101/152 stage layout,
/// optionally narrowed by a width multiplier, with the last stage dilated instead of
/// strided (replace_stride_with_dilation = [false, false, true]) when asked.
public struct ResNetSettings: Equatable, Hashable, Codable, Sendable {
    /// Number of layers: 18 or 34 (basic blocks), 50, 101 or 152 (bottleneck blocks).
    public var depth: Int
    /// Multiplies every channel width (64, 128, 256, 512 planes); 1 is torchvision's
    /// network. Widths are rounded and kept at least 8.
    public var widthMultiplier: Float
    /// Whether the last stage keeps stride 16 with dilation 2 instead of going to
    /// stride 32 (the paper's segmentation and depth encoders do; the pose encoder does not).
    public var dilateLastStage: Bool
    /// Number of RGB images stacked along the channels (the pose encoder sees 2).
    public var inputImages: Int

    public init(depth: Int, widthMultiplier: Float = 1, dilateLastStage: Bool = true, inputImages: Int = 1) {
        self.depth = depth
        self.widthMultiplier = widthMultiplier
        self.dilateLastStage = dilateLastStage
        self.inputImages = inputImages
    }

    /// The paper's encoder (experiments 210, 212 and depth pretraining): ResNet-101, dilated.
    public static let paper = ResNetSettings(depth: 101)
    /// Experiment 211's encoder: ResNet-50, dilated.
    public static let paperDataSelection = ResNetSettings(depth: 50)
    /// monodepth2's pose encoder: ResNet-18 on two stacked frames, not dilated.
    public static let paperPose = ResNetSettings(depth: 18, dilateLastStage: false, inputImages: 2)

    /// Blocks per stage, as torchvision.
    public var blockCounts: [Int] {
        switch depth {
        case 18: return [2, 2, 2, 2]
        case 34, 50: return [3, 4, 6, 3]
        case 101: return [3, 4, 23, 3]
        case 152: return [3, 8, 36, 3]
        default: return []
        }
    }

    /// Whether the stages use bottleneck blocks (expansion 4) rather than basic blocks.
    public var usesBottleneck: Bool { depth >= 50 }

    /// Output channels of a block relative to its planes: 4 for bottlenecks, else 1.
    public var expansion: Int { usesBottleneck ? 4 : 1 }

    /// Channels of the stem convolution (64 at width 1).
    public var stemChannels: Int { scaledChannels(64, by: widthMultiplier) }

    /// Planes of the four stages (64, 128, 256, 512 at width 1).
    public var stagePlanes: [Int] { [64, 128, 256, 512].map { scaledChannels($0, by: widthMultiplier) } }

    /// Channels of the five feature maps the encoder returns (stem, stages 1-4):
    /// [64, 256, 512, 1024, 2048] for ResNet-50/101, [64, 64, 128, 256, 512] for ResNet-18.
    public var featureChannels: [Int] { [stemChannels] + stagePlanes.map { $0 * expansion } }

    /// Downsampling factor of each feature map relative to the input: [2, 4, 8, 16, 16]
    /// when dilated, else [2, 4, 8, 16, 32].
    public var featureStrides: [Int] { [2, 4, 8, 16, dilateLastStage ? 16 : 32] }

    /// Throws when a setting is outside what can be built.
    public func validate() throws {
        guard !blockCounts.isEmpty else {
            throw NetworkConfigError("ResNetSettings.depth: \(depth) is not one of 18, 34, 50, 101, 152")
        }
        guard widthMultiplier > 0, widthMultiplier.isFinite else {
            throw NetworkConfigError("ResNetSettings.widthMultiplier: \(widthMultiplier) must be positive")
        }
        guard inputImages >= 1 else {
            throw NetworkConfigError("ResNetSettings.inputImages: \(inputImages) must be at least 1")
        }
    }
}
