/// The shape of the depth decoder (the reference's DepthDecoder as configured by its
/// experiments' `depth_args`): five decoder stages with skip connections from the
/// encoder, an ASPP module as the first block, and sigmoid disparity heads.
public struct DepthDecoderSettings: Equatable, Hashable, Codable, Sendable {
    /// Output channels of decoder stages 0...4 (num_ch_dec); stage i works at stride 2^i.
    public var channels: [Int]
    /// Whether each ConvBlock has batch norm between its convolution and ELU.
    public var batchNorm: Bool
    /// Whether stage 4's first block is an ASPP module instead of a ConvBlock.
    public var intermediateASPP: Bool
    /// Dilation rates of the ASPP's three 3x3 branches, in pixels of the stride-16 map.
    public var asppRates: [Int]
    /// Whether the ASPP has its global-average-pooling branch.
    public var asppPooling: Bool
    /// Scales (decoder stages) that output a disparity map, 0 = full resolution.
    public var scales: [Int]

    public init(channels: [Int], batchNorm: Bool, intermediateASPP: Bool = true,
                asppRates: [Int] = [6, 12, 18], asppPooling: Bool = true, scales: [Int] = [0, 1, 2, 3]) {
        self.channels = channels
        self.batchNorm = batchNorm
        self.intermediateASPP = intermediateASPP
        self.asppRates = asppRates
        self.asppPooling = asppPooling
        self.scales = scales
    }

    /// The reference's "dec5" and "dec6" decoders (the same architecture; the names
    /// tell its two pretraining phases apart): channels [64, 128, 128, 256, 256], no
    /// batch norm, ASPP with rates 6, 12, 18 and pooling.
    public static let dec6 = DepthDecoderSettings(channels: [64, 128, 128, 256, 256], batchNorm: false)
    /// The same architecture as `dec6`.
    public static let dec5 = dec6
    /// The reference's "dec9" decoder (experiment 211): channels [64, 64, 128, 128, 256]
    /// with batch norm.
    public static let dec9 = DepthDecoderSettings(channels: [64, 64, 128, 128, 256], batchNorm: true)

    /// The same decoder with every channel width multiplied by `multiplier` (rounded,
    /// at least 8); rates, batch norm, ASPP and scales unchanged.
    public func scaled(by multiplier: Float) -> DepthDecoderSettings {
        var copy = self
        copy.channels = channels.map { scaledChannels($0, by: multiplier) }
        return copy
    }

    /// Throws when a setting cannot be built.
    public func validate() throws {
        guard channels.count == 5, channels.allSatisfy({ $0 > 0 }) else {
            throw NetworkConfigError("DepthDecoderSettings.channels: need 5 positive widths, got \(channels)")
        }
        guard !intermediateASPP || (!asppRates.isEmpty && asppRates.allSatisfy { $0 > 0 }) else {
            throw NetworkConfigError("DepthDecoderSettings.asppRates: need positive rates, got \(asppRates)")
        }
        guard scales.allSatisfy({ (0...4).contains($0) }), Set(scales).count == scales.count else {
            throw NetworkConfigError("DepthDecoderSettings.scales: need distinct scales in 0...4, got \(scales)")
        }
    }
}
