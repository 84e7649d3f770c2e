/// The terms of one scale, for logging.
public struct MonodepthScaleTerms: Sendable, Equatable {
    /// Mean over pixels of the per-pixel minimum (or average) photometric error.
    public var reprojection: Float
    /// Edge-aware smoothness of the mean-normalised disparity, before weighting.
    public var smoothness: Float
    /// reprojection + smoothnessWeight / 2^s * smoothness.
    public var total: Float
    /// Fraction of pixels whose minimum was an identity (unwarped) error, i.e. masked
    /// out by automasking; 0 without automasking.
    public var automaskedFraction: Float
}
