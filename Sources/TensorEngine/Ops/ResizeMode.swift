/// How `resize` computes each output pixel from the input.
public enum ResizeMode: Sendable, Equatable {
    /// PyTorch's 'nearest': output i copies input floor(i * in / out).
    case nearest
    /// Bilinear interpolation between the two nearest rows and columns.
    case bilinear
}
