/// Why one image's depth could not be scored.
public enum DepthMetricsError: Error, Equatable, Sendable {
    /// The prediction's median over valid pixels is not a positive finite number.
    case nonPositiveMedian(Double)
}
