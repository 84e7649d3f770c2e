/// Depth errors of one image, with the scale that was applied.
public struct DepthImageErrors: Codable, Equatable, Sendable {
    /// The errors over the valid pixels.
    public var errors: DepthErrors
    /// median(g) / median(p) over valid pixels (1 without median scaling).
    public var scale: Double
    /// Number of valid ground-truth pixels.
    public var validPixels: Int
}
