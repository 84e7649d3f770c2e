/// The loss terms of one depth step, for progress and logs.
public struct DepthStepTerms: Sendable, Equatable {
    public var total: Float
    public var reprojection: Float
    public var smoothness: Float
    public var featureDistance: Float
    public var automaskedFraction: Float
}

extension DepthStepTerms {
    /// The terms a run records, by name, the total first.
    public var named: [(name: String, value: Float)] {
        [("total", total), ("reprojection", reprojection), ("feature distance", featureDistance)]
    }
}
