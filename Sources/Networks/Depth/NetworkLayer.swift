import TensorEngine

/// The layer numbering the segmentation heads share: layers 0-4 are the encoder's
/// feature maps, layers 5-9 the decoder's, layer L = decoder feature ("upconv", 9 - L);
/// layer 9 is the full-resolution decoder output.
public enum NetworkLayer {
    /// The highest layer number (the full-resolution decoder feature).
    public static let last = 9

    /// The feature map of layer `layer` (0...9): an encoder feature or a decoder feature.
    public static func feature(_ layer: Int, encoder: [Tensor], decoder: DepthDecoderOutput) -> Tensor {
        precondition((0...last).contains(layer), "NetworkLayer: layer \(layer) outside 0...9")
        if layer <= 4 { return encoder[layer] }
        guard let x = decoder.features[last - layer] else {
            preconditionFailure("NetworkLayer: decoder stage \(last - layer) (layer \(layer)) was not run")
        }
        return x
    }

    /// Channels of layer `layer` for an encoder with `encoderChannels` and a decoder with
    /// `decoderChannels` (5 each).
    public static func channels(_ layer: Int, encoderChannels: [Int], decoderChannels: [Int]) -> Int {
        layer <= 4 ? encoderChannels[layer] : decoderChannels[last - layer]
    }
}
