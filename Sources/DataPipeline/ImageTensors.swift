import ImageIO
import TensorEngine

/// Network inputs from decoded images.
public enum ImageTensors {
    /// An 8-bit RGB image as a [1, 3, H, W] tensor with values in [0, 1].
    public static func rgb(_ image: PNGImage) -> Tensor {
        precondition(image.kind == .rgb8, "ImageTensors.rgb needs an RGB image")
        let tensor = Tensor(uninitializedShape: [1, 3, image.height, image.width])
        FrameReading.planarRGB(image, window: .full(width: image.width, height: image.height), flip: false,
                               into: tensor.data)
        return tensor
    }
}
