/// The loss terms of one multi-task step, for progress and logs.
public struct MultiTaskStepTerms: Sendable, Equatable {
    public var total: Float
    /// Weighted monodepth loss of the labelled batch.
    public var monodepth: Float
    /// Weighted segmentation loss (mean of final and side output).
    public var segmentation: Float
    /// Weighted monodepth loss of the unlabelled batch (online DepthMix; 0 otherwise).
    public var unlabelledMonodepth: Float
    /// The mean teacher's pseudo-label loss (0 without it) and confident share.
    public var pseudoLabel: Float
    public var confidentShare: Float

    public init(total: Float, monodepth: Float, segmentation: Float, unlabelledMonodepth: Float, pseudoLabel: Float,
                confidentShare: Float) {
        self.total = total
        self.monodepth = monodepth
        self.segmentation = segmentation
        self.unlabelledMonodepth = unlabelledMonodepth
        self.pseudoLabel = pseudoLabel
        self.confidentShare = confidentShare
    }

    /// As (name, value) pairs, the total first.
    public var named: [(name: String, value: Float)] {
        [("total", total), ("monodepth", monodepth), ("segmentation", segmentation),
         ("unlabelled_monodepth", unlabelledMonodepth), ("pseudo_label", pseudoLabel), ("confident_share", confidentShare)]
    }
}
