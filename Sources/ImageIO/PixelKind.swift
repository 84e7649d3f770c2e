/// The sample layout of a `PNGImage`.
public enum PixelKind: Sendable, Equatable, CaseIterable {
    /// 8-bit colour: three samples per pixel, in the order R, G, B.
    case rgb8
    /// 8-bit grey: one sample per pixel (e.g. label maps).
    case gray8
    /// 16-bit grey: one sample per pixel (e.g. disparity maps).
    case gray16

    /// Samples per pixel.
    public var channels: Int { self == .rgb8 ? 3 : 1 }

    /// Bits per sample.
    public var bitDepth: Int { self == .gray16 ? 16 : 8 }
}
