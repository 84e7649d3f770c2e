import Training

/// One run of an experiment's grid: a variant (segmentation) or the pretraining itself
/// (depth), one labelled-subset size and one seed, at a profile.
public struct GridEntry: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var experiment: String
    /// The variant's name ("depth" for depth pretraining).
    public var variant: String
    public var profile: Profile
    public var seed: UInt64
    /// Labelled samples (nil: all, or not applicable).
    public var subsetSize: Int?

    public init(experiment: String, variant: String, profile: Profile, seed: UInt64, subsetSize: Int?) {
        self.experiment = experiment
        self.variant = variant
        self.profile = profile
        self.seed = seed
        self.subsetSize = subsetSize
    }

    /// E.g. "210/transfer n=50 seed=42 (quick)".
    public var description: String {
        "\(experiment)/\(variant)" + (subsetSize.map { " n=\($0)" } ?? "") + " seed=\(seed) (\(profile))"
    }

    /// The run's folder below the runs folder, e.g. "quick/210/transfer/n50-seed42".
    public var folderName: String {
        "\(profile)/\(experiment)/\(variant)/" + (subsetSize.map { "n\($0)-" } ?? "") + "seed\(seed)"
    }

    /// The entries of `definition` at `profile`: variants x subset sizes x seeds (in that
    /// nesting order); `seeds` (the command line's) replaces every seed list when given:
    /// the profile's, the all-labels column's and the ladder's.
    public static func grid(of definition: ExperimentDefinition, profile: Profile,
                            seeds commandLineSeeds: [UInt64]? = nil) throws -> [GridEntry] {
        let settings = try definition.settings(profile: profile)
        let seeds = commandLineSeeds ?? settings.seeds
        switch definition.kind {
        case .depthPretraining:
            let recipes = definition.variants.filter { ($0.profiles ?? [profile]).contains(profile) }.map(\.name)
            return ([ExperimentDefinition.defaultDepthVariant] + recipes).flatMap { name in
                seeds.map { GridEntry(experiment: definition.experiment, variant: name, profile: profile,
                                      seed: $0, subsetSize: nil) }
            }
        case .segmentation, .dataSelection:
            var sizes: [Int?] = settings.subsetSizes.map { $0.map { Optional($0) } } ?? [nil]
            if settings.allLabels == true, !sizes.contains(nil) { sizes.append(nil) }
            return try definition.variants.filter { $0.runs(at: profile) }.flatMap { v in
                try sizes.filter { size in
                    // A ladder rung reruns the subset sizes only.
                    try size != nil || (v.rung == nil && canTrainOnAllLabels(v, of: definition, profile: profile))
                }.flatMap { size in
                    // Seeds given on the command line replace every seed list.
                    let own = size == nil ? settings.allLabelsSeeds : v.rung == nil ? nil : settings.ladder?.seeds
                    return (commandLineSeeds ?? own ?? seeds).map {
                        GridEntry(experiment: definition.experiment, variant: v.name, profile: profile,
                                  seed: $0, subsetSize: size)
                    }
                }
            }
        }
    }

    /// Whether `variant` can run on all training labels: not a selected-labels variant
    /// (nothing to select) nor a mean teacher of only the unlabelled images (none are).
    static func canTrainOnAllLabels(_ variant: ExperimentDefinition.Variant, of definition: ExperimentDefinition,
                                    profile: Profile) throws -> Bool {
        guard variant.labels == nil else { return false }
        let semi = try definition.segmentationSettings(profile: profile, variant: variant.name).semiSupervised
        return semi?.onlyUnlabelled != true
    }
}
