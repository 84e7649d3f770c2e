/// An image as a plain pixel buffer, ready to be read from or written to a PNG file.
///
/// Layout: `height` rows, top row first; each row holds `width` pixels, left to
/// right; each pixel holds `kind.channels` samples, interleaved (R, G, B for `.rgb8`).
/// So the sample of channel `c` at column `x`, row `y` is at index
/// `(y * width + x) * kind.channels + c`. The 8-bit kinds keep their samples in
/// `pixels` (and `pixels16` is empty); `.gray16` keeps them in `pixels16` (and
/// `pixels` is empty). Alpha is never kept.
public struct PNGImage: Equatable, Sendable {
    /// Pixels per row.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// Sample layout, which decides whether `pixels` or `pixels16` holds the samples.
    public let kind: PixelKind
    /// Samples of `.rgb8` and `.gray8` images; empty for `.gray16`.
    public let pixels: [UInt8]
    /// Samples of `.gray16` images; empty for the 8-bit kinds.
    public let pixels16: [UInt16]

    /// An 8-bit RGB image; `pixels` holds `width * height * 3` samples (R, G, B, R, ...).
    public init(width: Int, height: Int, rgb8 pixels: [UInt8]) {
        self.init(width: width, height: height, kind: .rgb8, pixels: pixels, pixels16: [])
    }

    /// An 8-bit grey image; `pixels` holds `width * height` samples.
    public init(width: Int, height: Int, gray8 pixels: [UInt8]) {
        self.init(width: width, height: height, kind: .gray8, pixels: pixels, pixels16: [])
    }

    /// A 16-bit grey image; `pixels` holds `width * height` samples.
    public init(width: Int, height: Int, gray16 pixels: [UInt16]) {
        self.init(width: width, height: height, kind: .gray16, pixels: [], pixels16: pixels)
    }

    private init(width: Int, height: Int, kind: PixelKind, pixels: [UInt8], pixels16: [UInt16]) {
        precondition(width >= 0 && height >= 0, "PNGImage: negative size \(width)x\(height)")
        let samples = width * height * kind.channels
        precondition(pixels.count + pixels16.count == samples,
                     "PNGImage: \(kind) \(width)x\(height) needs \(samples) samples, "
                     + "got \(pixels.count + pixels16.count)")
        self.width = width
        self.height = height
        self.kind = kind
        self.pixels = pixels
        self.pixels16 = pixels16
    }

    /// Number of samples: `width * height * kind.channels`.
    public var sampleCount: Int { width * height * kind.channels }
}
