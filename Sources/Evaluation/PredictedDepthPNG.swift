/// The file format of depth predictions for `threeways evaluate-depth`:
/// `{city}_{sequence}_{frame}_depth.png`, 16-bit greyscale, stored value
/// p = round(256 * depth in metres), so depth = p / 256 (resolution 1/256 m ~ 3.9 mm,
/// range up to 255.996 m). Predictions are dense: writers clamp to 1...65535, and a
/// stored 0 reads as 0 m (then clamped to the evaluation's minimum depth like any
/// too-small value).
public enum PredictedDepthPNG {
    /// The file-name suffix after the stem.
    public static let suffix = "_depth.png"

    /// Stored value per metre.
    public static let unitsPerMetre: Double = 256

    /// The stored value of `depth` metres: round(256 * depth) clamped to 1...65535
    /// (non-finite or non-positive depths give 1, the smallest depth).
    public static func encode(depth: Double) -> UInt16 {
        guard depth.isFinite, depth > 0 else { return 1 }
        return UInt16(min(65535, max(1, (depth * unitsPerMetre).rounded())))
    }

    /// Depth in metres of stored value `p`.
    public static func depth(stored p: UInt16) -> Float {
        Float(Double(p) / unitsPerMetre)
    }
}
