/// The semi-supervised part of segmentation training (experiment 210's mean-teacher
/// variants; paper-map section 3): a mean teacher labels a second stream of training
/// images, pairs of them are mixed (ClassMix or DepthMix) and strongly augmented, and
/// the student learns the mixed pseudo-labels, weighted by the teacher's confident share.
///
/// In YAML every key but `mix` may be left out (the paper's values):
/// `semiSupervised: {mix: depth, onlyUnlabelled: false}`; experiment 212 adds
/// `depthSource: online`.
public struct SemiSupervisedSettings: Codable, Equatable, Sendable {
    /// How pairs are mixed.
    public enum Mix: String, Codable, Sendable {
        /// ClassMix: half of the classes of the teacher's prediction of one image.
        case classMix = "class"
        /// DepthMix: pixels of one image that lie in front of the other's (pseudo-depth of
        /// the depth pretraining).
        case depthMix = "depth"
        /// No mixing: the student learns the teacher's pseudo-labels of each strongly
        /// augmented image itself (the reference's mix_mask None; the published
        /// "pseudo-labels" row).
        case noMix = "none"
    }

    /// Where DepthMix takes its depth from.
    public enum DepthSource: String, Codable, Sendable {
        /// The depth pretraining's prediction, computed once per image and cached
        /// (experiment 210; `PseudoDepthCache`).
        case teacher
        /// The multi-task student's own disparity of the unlabelled batch, predicted in
        /// the same step (with its monodepth loss) and min-max normalised per image
        /// (experiment 212, the reference's depthmix_online_depth).
        case online
    }

    public var mix: Mix
    /// DepthMix's depth: nil or `teacher` the cached depth-pretraining prediction,
    /// `online` the multi-task network's own (multi-task runs only). Optional so that
    /// settings without it keep their configuration hash.
    public var depthSource: DepthSource?
    /// Mix only images outside the labelled subset (the reference's only_unlabeled), or
    /// every training image with the labelled ones' ground truth (one-hot) in place of
    /// the teacher's prediction (mix_use_gt).
    public var onlyUnlabelled: Bool
    /// DepthMix: image i is pasted where its normalised disparity >= the other's minus this.
    public var depthMargin: Float
    /// Teacher confidence (max softmax) from which a pixel counts as confident.
    public var confidenceThreshold: Float
    /// Weight of the pseudo-label loss.
    public var consistencyWeight: Float
    /// Strong augmentation after mixing.
    public var colorJitter: Bool
    public var blur: Bool

    public init(mix: Mix, onlyUnlabelled: Bool, depthMargin: Float = 0.03, confidenceThreshold: Float = 0.968,
                consistencyWeight: Float = 1, colorJitter: Bool = true, blur: Bool = true,
                depthSource: DepthSource? = nil) {
        self.mix = mix
        self.depthSource = depthSource
        self.onlyUnlabelled = onlyUnlabelled
        self.depthMargin = depthMargin
        self.confidenceThreshold = confidenceThreshold
        self.consistencyWeight = consistencyWeight
        self.colorJitter = colorJitter
        self.blur = blur
    }

    enum CodingKeys: String, CodingKey {
        case mix, depthSource, onlyUnlabelled, depthMargin, confidenceThreshold, consistencyWeight, colorJitter, blur
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SemiSupervisedSettings(mix: try c.decode(Mix.self, forKey: .mix), onlyUnlabelled: true)
        self.init(mix: defaults.mix,
                  onlyUnlabelled: try c.decodeIfPresent(Bool.self, forKey: .onlyUnlabelled) ?? defaults.onlyUnlabelled,
                  depthMargin: try c.decodeIfPresent(Float.self, forKey: .depthMargin) ?? defaults.depthMargin,
                  confidenceThreshold: try c.decodeIfPresent(Float.self, forKey: .confidenceThreshold)
                      ?? defaults.confidenceThreshold,
                  consistencyWeight: try c.decodeIfPresent(Float.self, forKey: .consistencyWeight)
                      ?? defaults.consistencyWeight,
                  colorJitter: try c.decodeIfPresent(Bool.self, forKey: .colorJitter) ?? defaults.colorJitter,
                  blur: try c.decodeIfPresent(Bool.self, forKey: .blur) ?? defaults.blur,
                  depthSource: try c.decodeIfPresent(DepthSource.self, forKey: .depthSource))
    }
}
