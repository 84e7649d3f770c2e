/// The four sizes every experiment runs at with the same code. Only widths, resolution,
/// iterations, subset sizes and seeds differ between them: the built-in settings are
/// `DepthPretrainingSettings.profile(_:)`, `SegmentationRunSettings.profile(_:)` and
/// `SelectionSettings.profile(_:)`, and each experiment's `configs/*.yml` has a section
/// per profile (keyed by the raw value) that overrides them.
///
/// The raw value is the profile's name everywhere it is written down: on the command
/// line (`--profile quick`), as a key in the YAML configs, in the results store's
/// `run.profile` and `selection.profile` columns, in grid manifests and run folders
/// (`runs/quick/210/...`). Settings hashes cover the settings, never the name.
public enum Profile: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    /// About a minute on 2 cores (CI): SynthCity 24 + 8 images at 128x64, ResNet-18 x0.125,
    /// 40 depth-pretraining steps, 120 segmentation steps, one seed and a few labels.
    case smoke
    /// The default, about 16 minutes on 2 cores: SynthCity 1000 + 300 images at 128x64,
    /// ResNet-18 x0.25, 2000 depth-pretraining steps, 1000 segmentation steps, one seed.
    case quick
    /// About 51 minutes on 2 cores: SynthCity at Cityscapes' split sizes (2975 + 500) at
    /// 128x64, ResNet-18 x0.25, 5000 depth-pretraining steps on 64x64 crops, 1000
    /// segmentation steps, 3 seeds (the committed `reports/standard/`).
    case standard
    /// The paper's recipe, for a GPU-class cluster and a real Cityscapes copy at 1024x512:
    /// 512x512 crops, the reference's ResNet-101 networks, 300k + 100k depth-pretraining
    /// steps, 40k segmentation steps, 3 seeds and 100 ... 744 labels.
    case paper

    /// The profile's name (its raw value), e.g. "quick".
    public var description: String { rawValue }

    /// The names in order, e.g. for messages listing the known profiles.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// Decodes the profile's name; any other text is an error listing the names (YAML
    /// configs report it with the file and the key).
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let profile = Profile(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(name)' is not one of \(Profile.names.joined(separator: ", "))")
        }
        self = profile
    }
}
