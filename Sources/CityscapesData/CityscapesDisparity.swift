/// Cityscapes' 16-bit disparity encoding: a stored value p > 0 means disparity
/// d = (p - 1) / 256 pixels; p = 0 marks invalid pixels (no measurement, sky). Depth
/// in metres is baseline * fx / d, with the baseline in metres and fx in pixels.
public enum CityscapesDisparity {
    /// The stored value for `depth` metres: round(256 * baseline * fx / depth) + 1,
    /// clamped to 2...65535 so every finite depth stays valid; 0 for a depth that is
    /// not positive and finite. Decoding returns the depth within half a quantisation
    /// step of disparity.
    public static func encode(depth: Double, baseline: Double, fx: Double) -> UInt16 {
        guard depth > 0, depth.isFinite else { return 0 }
        let stored = (256 * baseline * fx / depth).rounded() + 1
        return UInt16(max(2, min(65535, stored)))
    }

    /// Depth in metres of stored value `p`, or nil for invalid pixels (p <= 1).
    public static func depth(stored p: UInt16, baseline: Double, fx: Double) -> Double? {
        guard p > 1 else { return nil }
        return baseline * fx / (Double(p - 1) / 256)
    }
}
