/// The settings of the diversity term (experiment 211's ifp_args and bias_weight):
/// features pooled to `poolHeight` x 2 `poolHeight` ('pool': 'avg', 'h': 4), standardised
/// per channel ('norm': True), Euclidean distances ('p': 2), the difficulty score times
/// `biasWeight` added to each candidate's column (1000).
public struct DiversitySettings: Equatable, Sendable {
    /// h: the pooled features are h x 2h (rows x columns).
    public var poolHeight: Int
    /// Whether each channel is standardised across the candidate set.
    public var standardise: Bool
    /// Factor of the difficulty score in the distance bias (per unit of 'abs_log' error).
    public var biasWeight: Float

    public init(poolHeight: Int = 4, standardise: Bool = true, biasWeight: Float = 1000) {
        precondition(poolHeight > 0, "DiversitySettings: poolHeight must be positive")
        self.poolHeight = poolHeight
        self.standardise = standardise
        self.biasWeight = biasWeight
    }

    /// The paper's settings: h = 4, standardised, bias weight 1000.
    public static let paper = DiversitySettings()
}
