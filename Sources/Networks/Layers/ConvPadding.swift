/// How the border of the input is padded before a convolution.
public enum ConvPadding: Sendable, Equatable {
    /// Zeros outside the image (nn.Conv2d's padding).
    case zeros
    /// Mirror the image without repeating the edge (nn.ReflectionPad2d), as monodepth2's
    /// Conv3x3.
    case reflect
}
