import TensorEngine

/// What a depth decoder pass produced: the decoder features of every stage it ran and
/// the disparities of the scales it computed.
public struct DepthDecoderOutput {
    /// Decoder feature ("upconv", i) for each stage i run: [N, channels[i], H / 2^i, W / 2^i]
    /// for an input image of H x W (stage 4 works at stride 16, like stage 3's input).
    public var features: [Int: Tensor] = [:]
    /// Sigmoid disparity for each computed scale s: [N, 1, H / 2^s, W / 2^s], in (0, 1).
    public var disparities: [Int: Tensor] = [:]

    public init() {}

    /// Adds `other`'s entries (a later pass of the same decoder) to this output.
    public mutating func merge(_ other: DepthDecoderOutput) {
        features.merge(other.features) { $1 }
        disparities.merge(other.disparities) { $1 }
    }
}
