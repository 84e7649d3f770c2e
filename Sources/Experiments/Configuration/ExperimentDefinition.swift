import DataSelection
import Foundation
import Training
import Yams

/// One experiment as a named, versioned YAML file in `configs/`: what it trains
/// (`kind`), its variants, and per profile the seeds, labelled-subset sizes and the
/// training settings. Settings start from the built-in profile
/// (`DepthPretrainingSettings.profile`, `SegmentationRunSettings.profile`); the file's
/// `depth:` or `segmentation:` section overrides any of their keys. Unknown keys and
/// wrong types are errors naming the file, the dotted key and its line. A variant may
/// name the depth-pretraining variant it starts from (`pretraining: fd0`) and the
/// profiles it runs at; a profile may add the all-labels column (`allLabels: true`).
///
/// ```yaml
/// experiment: "210"
/// title: Semi-supervised segmentation ablation
/// version: 1
/// kind: segmentation
/// variants:
///   - {name: scratch, init: scratch}
///   - {name: transfer, init: depth}
/// profiles:
///   quick: {seeds: [42], subsetSizes: [50, 125], segmentation: {training: {iterations: 800}}}
/// ```
public struct ExperimentDefinition: Equatable, Sendable {
    /// What an experiment trains.
    public enum Kind: String, Codable, Sendable {
        /// Self-supervised depth pretraining (one run per seed).
        case depthPretraining = "depth-pretraining"
        /// Supervised segmentation: variants x subset sizes x seeds.
        case segmentation
        /// Data selection for annotation (experiment 211, Table 3): each variant trains
        /// segmentation on one selection method's subsets (`labels: {selection: ...}`),
        /// per subset size and seed; the profile's `selection:` section sets the
        /// selection job (`SelectionSettings`).
        case dataSelection = "data-selection"
    }

    /// Where a variant's labelled subset comes from when it is not a random one.
    public struct Labels: Codable, Equatable, Sendable {
        /// A data-selection method ("random", "ent", "ds", "us", "ds_us"): the run trains on
        /// that method's selection for its seed and subset size (made first when missing).
        public var selection: String
    }

    /// A variant of an experiment. In the file a segmentation variant may also have a
    /// `segmentation:` section, and a depth-pretraining variant a `depth:` section,
    /// overriding keys of every profile's settings for this variant only (kept as
    /// `segmentationOverride` and `depthOverride`). A depth-pretraining experiment always
    /// runs its profile's settings as the variant "depth" (the network transfer variants
    /// start from); its listed variants are further recipes, e.g. the paper's own.
    public struct Variant: Codable, Equatable, Sendable {
        /// Its name in the store and the report, e.g. "transfer".
        public var name: String
        /// "scratch" or "depth" (the depth pretraining of the same profile); required for
        /// segmentation variants, absent for depth-pretraining ones.
        public var `init`: String?
        /// The variant of the depth-pretraining experiment that `init: depth` and
        /// DepthMix's cached depth come from (nil: "depth", the profile's own run), e.g.
        /// `fd0` for the published "transfer, no F" row. Label selections always use the
        /// profile's own run.
        public var pretraining: String?
        /// The variant's `segmentation:` section as YAML text (nil: none).
        public var segmentationOverride: String?
        /// The variant's `depth:` section as YAML text (nil: none).
        public var depthOverride: String?
        /// Selected labels instead of a random subset (nil: random).
        public var labels: Labels?
        /// The profiles the variant runs at (nil: all of the experiment's). In the file a
        /// name that is not a profile is an error naming the key.
        public var profiles: [Profile]?
        /// Set on the variants a profile's `ladder:` adds (never in the file): the variant
        /// it reruns and the factor on its schedule.
        public var rung: LadderRung?

        enum CodingKeys: String, CodingKey { case name, `init`, pretraining, labels, profiles }

        public init(name: String, init initialization: String?, pretraining: String? = nil,
                    segmentationOverride: String? = nil, depthOverride: String? = nil, labels: Labels? = nil,
                    profiles: [Profile]? = nil) {
            self.name = name
            self.`init` = initialization
            self.pretraining = pretraining
            self.segmentationOverride = segmentationOverride
            self.depthOverride = depthOverride
            self.labels = labels
            self.profiles = profiles
        }

        /// The depth-pretraining variant this variant starts from or mixes by.
        public var depthVariant: String { pretraining ?? ExperimentDefinition.defaultDepthVariant }

        /// Whether the variant runs at `profile`.
        public func runs(at profile: Profile) -> Bool { (profiles ?? [profile]).contains(profile) }
    }

    /// A scale ladder: `variants` rerun at `multipliers` times the profile's schedule
    /// (steps, decay, validation and checkpoint intervals all scaled, so every rung has
    /// as many curve points), as extra variants named `<variant>_x<multiplier>` (e.g.
    /// `scratch_x2`, `scratch_x0_5`) on the profile's subset sizes (never all labels).
    /// The profile's own runs are the ladder's 1x rung.
    ///
    /// ```yaml
    /// ladder: {multipliers: [0.5, 2], variants: [scratch, transfer], seeds: [7, 25, 42]}
    /// ```
    public struct Ladder: Codable, Equatable, Sendable {
        public var multipliers: [Double]
        public var variants: [String]
        /// The rungs' seeds (nil: the profile's).
        public var seeds: [UInt64]?
    }

    /// One rung of a ladder: `base` rerun at `multiplier` times its schedule (at the
    /// profiles whose ladder has it, with their ladder's seeds).
    public struct LadderRung: Equatable, Sendable {
        public var base: String
        public var multiplier: Double

        /// The rung variant's name: "scratch_x2", "scratch_x0_5".
        public static func name(base: String, multiplier: Double) -> String {
            let m = multiplier == multiplier.rounded() ? String(Int(multiplier)) : String(multiplier)
            return base + "_x" + m.replacingOccurrences(of: ".", with: "_")
        }
    }

    /// The grid and settings of one profile.
    public struct ProfileSettings: Codable, Equatable, Sendable {
        public var seeds: [UInt64]
        /// Labelled samples per run (segmentation; nil: all training samples).
        public var subsetSizes: [Int]?
        /// Also run on all training labels (the paper's "2975 labels" column) beside
        /// `subsetSizes`: every variant that can (not selected-labels variants, which
        /// have nothing to select, nor mean teachers of only unlabelled images, which
        /// have none). Nil or false: only the subset sizes.
        public var allLabels: Bool?
        /// The seeds of the all-labels column (nil: `seeds`), e.g. fewer where its runs
        /// are costly.
        public var allLabelsSeeds: [UInt64]?
        /// A scale ladder of some variants (segmentation experiments).
        public var ladder: Ladder?
        public var depth: DepthPretrainingSettings?
        public var segmentation: SegmentationRunSettings?
        /// The data-selection job's settings (data-selection experiments).
        public var selection: SelectionSettings?
    }

    /// The file's own fields (profile sections keyed by the profile's name, checked
    /// before decoding).
    struct File: Codable {
        var experiment: String
        var title: String
        var version: Int
        var kind: Kind
        var variants: [Variant]?
        var profiles: [String: ProfileSettings]
    }

    /// The experiment's id, e.g. "210" or "depth".
    public var experiment: String
    public var title: String
    /// Bumped when the experiment's meaning changes.
    public var version: Int
    public var kind: Kind
    public var variants: [Variant]
    public var profiles: [Profile: ProfileSettings]
    /// The file it came from.
    public var file: String

    /// The name of the depth-pretraining run every profile has (transfer starts from it).
    public static let defaultDepthVariant = "depth"

    /// The variants' names in report order: for a depth-pretraining experiment "depth"
    /// first, then its listed recipes.
    public var variantNames: [String] {
        (kind == .depthPretraining ? [Self.defaultDepthVariant] : []) + variants.map(\.name)
    }

    /// `variantNames` without the ladders' rungs: the variants the figure sheets compare.
    public var baseVariantNames: [String] {
        variantNames.filter { name in !variants.contains { $0.name == name && $0.rung != nil } }
    }

    /// Reads and validates a definition file.
    public static func load(_ file: String) throws -> ExperimentDefinition {
        var node = try StrictYAML.parse(file: file)
        // Variants' own `segmentation:` and `depth:` sections, checked against every
        // profile below.
        var overrides: [Int: Node] = [:], depthOverrides: [Int: Node] = [:]
        if var root = node.mapping, var variants = root[Node("variants")]?.sequence {
            for i in variants.indices {
                guard var v = variants[i].mapping else { continue }
                if let section = v[Node("segmentation")] {
                    overrides[i] = section
                    v[Node("segmentation")] = nil
                }
                if let section = v[Node("depth")] {
                    depthOverrides[i] = section
                    v[Node("depth")] = nil
                }
                variants[i] = .mapping(v)
            }
            root[Node("variants")] = .sequence(variants)
            node = .mapping(root)
        }
        // Lay the file over the built-in profile settings, so it may override any key.
        var defaults: [(Node, Node)] = []
        let kindText = node.mapping?[Node("kind")]?.string ?? ""
        for (key, _) in node.mapping?[Node("profiles")]?.mapping ?? [:] {
            guard let name = key.string, let profile = Profile(rawValue: name) else {
                throw ConfigError.unknownKey(file: file, key: "profiles.\(key.string ?? "\(key)")", line: key.mark?.line,
                                             known: Profile.names)
            }
            let section: Node
            switch Kind(rawValue: kindText) {
            case .depthPretraining?:
                section = ["depth": try StrictYAML.parse(try YAMLEncoder().encode(DepthPretrainingSettings.profile(profile)),
                                                         file: file)]
            case .segmentation?:
                section = ["segmentation": try StrictYAML.parse(try YAMLEncoder().encode(SegmentationRunSettings.profile(profile)),
                                                                file: file)]
            case .dataSelection?:
                section = ["segmentation": try StrictYAML.parse(try YAMLEncoder().encode(SegmentationRunSettings.profile(profile)),
                                                                file: file),
                           "selection": try StrictYAML.parse(try YAMLEncoder().encode(SelectionSettings.profile(profile)),
                                                             file: file)]
            case nil:
                section = [:]
            }
            defaults.append((key, section))
        }
        let base: Node = ["profiles": .mapping(Node.Mapping(defaults))]
        let decoded = try StrictYAML.decode(File.self, from: StrictYAML.merged(base, node), file: file)
        var variants = decoded.variants ?? []
        // Keys and types of variants' sections checked now, with the file's line numbers,
        // against each profile.
        for (i, section) in overrides where i < variants.count {
            try Self.checkOverride(section, key: "variants.\(i).segmentation", profiles: decoded.profiles, file: file,
                              base: \.segmentation)
            variants[i].segmentationOverride = try Yams.serialize(node: section)
        }
        for (i, section) in depthOverrides where i < variants.count {
            try Self.checkOverride(section, key: "variants.\(i).depth", profiles: decoded.profiles, file: file, base: \.depth)
            variants[i].depthOverride = try Yams.serialize(node: section)
        }
        // Every key is a profile's name (checked above).
        let profiles = Dictionary(uniqueKeysWithValues: decoded.profiles.compactMap { name, settings in
            Profile(rawValue: name).map { ($0, settings) }
        })
        var definition = ExperimentDefinition(experiment: decoded.experiment, title: decoded.title,
                                              version: decoded.version, kind: decoded.kind,
                                              variants: variants, profiles: profiles, file: file)
        try definition.validate()
        try definition.addLadderRungs()
        return definition
    }

    /// Adds the variants of every profile's ladder (in profile order), checking that its
    /// variants exist and run at the profile and its multipliers are positive and not 1.
    mutating func addLadderRungs() throws {
        func fail(_ key: String, _ reason: String) -> ConfigError { .invalidValue(file: file, key: key, reason: reason) }
        for profile in Profile.allCases {
            guard let ladder = profiles[profile]?.ladder else { continue }
            let key = "profiles.\(profile.rawValue).ladder"
            guard kind != .depthPretraining else { throw fail(key, "only segmentation experiments have a ladder") }
            guard !ladder.multipliers.isEmpty, !ladder.variants.isEmpty else {
                throw fail(key, "needs multipliers and variants")
            }
            for m in ladder.multipliers where !(m > 0 && m.isFinite && m != 1) {
                throw fail(key + ".multipliers", "\(m) must be a positive factor other than 1 (the profile's own runs are 1x)")
            }
            if let seeds = ladder.seeds, seeds.isEmpty { throw fail(key + ".seeds", "needs at least one seed") }
            for name in ladder.variants {
                guard let base = variants.first(where: { $0.name == name && $0.rung == nil }), base.runs(at: profile) else {
                    throw fail(key + ".variants", "'\(name)' is not a variant that runs at profile \(profile.rawValue)")
                }
                for m in ladder.multipliers {
                    let rungName = LadderRung.name(base: name, multiplier: m)
                    if let i = variants.firstIndex(where: { $0.name == rungName }) {
                        // The same rung of another profile's ladder.
                        guard variants[i].rung == LadderRung(base: name, multiplier: m) else {
                            throw fail(key, "the rung '\(rungName)' repeats a variant's name")
                        }
                        variants[i].profiles = (variants[i].profiles ?? []) + [profile]
                        continue
                    }
                    var rung = base
                    rung.name = rungName
                    rung.profiles = [profile]
                    rung.rung = LadderRung(base: name, multiplier: m)
                    variants.append(rung)
                }
            }
        }
    }

    /// Checks what types cannot: known initialisations, unique variant names, seeds and
    /// sizes present.
    func validate() throws {
        func fail(_ key: String, _ reason: String) -> ConfigError { .invalidValue(file: file, key: key, reason: reason) }
        for (i, v) in variants.enumerated() {
            guard !v.name.isEmpty, v.name.allSatisfy({ $0.isLetter || $0.isNumber || "_-".contains($0) }) else {
                throw fail("variants.\(i).name", "'\(v.name)' must be letters, digits, '-' or '_'")
            }
        }
        if Set(variantNames).count != variantNames.count {
            throw fail("variants", kind == .depthPretraining ? "variant names repeat (\"\(Self.defaultDepthVariant)\" is "
                       + "the profile's own run)" : "variant names repeat")
        }
        if kind != .depthPretraining {
            guard !variants.isEmpty else { throw fail("variants", "a \(kind.rawValue) experiment needs at least one variant") }
            for (i, v) in variants.enumerated() {
                if let method = v.labels?.selection, SelectionMethod(rawValue: method) == nil {
                    throw fail("variants.\(i).labels.selection", "'\(method)' is not one of "
                               + SelectionMethod.allCases.map(\.rawValue).joined(separator: ", "))
                }
                if kind == .dataSelection, v.labels == nil {
                    throw fail("variants.\(i).labels", "every variant of a data-selection experiment names its "
                               + "selection method (labels: {selection: ds_us})")
                }
                guard let initialization = v.`init`, ["scratch", "depth"].contains(initialization) else {
                    throw fail("variants.\(i).init", "'\(v.`init` ?? "")' is not one of scratch, depth")
                }
                if let pretraining = v.pretraining,
                   pretraining.isEmpty || !pretraining.allSatisfy({ $0.isLetter || $0.isNumber || "_-".contains($0) }) {
                    throw fail("variants.\(i).pretraining", "'\(pretraining)' must be a variant name of the "
                               + "depth-pretraining experiment")
                }
                guard v.depthOverride == nil else {
                    throw fail("variants.\(i).depth", "only variants of a depth-pretraining experiment have a depth: section")
                }
            }
        } else {
            for (i, v) in variants.enumerated() {
                guard v.`init` == nil, v.pretraining == nil, v.labels == nil, v.segmentationOverride == nil else {
                    throw fail("variants.\(i)", "a depth-pretraining variant has only name, profiles and a depth: section")
                }
            }
        }
        for (name, p) in profiles {
            guard !p.seeds.isEmpty else { throw fail("profiles.\(name).seeds", "needs at least one seed") }
            if let sizes = p.subsetSizes, sizes.isEmpty || sizes.contains(where: { $0 <= 0 }) {
                throw fail("profiles.\(name).subsetSizes", "must be positive numbers")
            }
            let selecting = variants.contains { $0.labels != nil && ($0.profiles ?? [name]).contains(name) }
            if selecting, p.subsetSizes == nil {
                throw fail("profiles.\(name).subsetSizes", "selected-labels variants need subset sizes")
            }
            if kind == .dataSelection, let s = p.selection {
                guard s.iterationFactor > 0, s.iterationFactor.isFinite else {
                    throw fail("profiles.\(name).selection.iterationFactor", "must be a positive number")
                }
                guard s.batchSize > 0, s.scoringBatchSize > 0, s.learningRate > 0 else {
                    throw fail("profiles.\(name).selection", "batchSize, scoringBatchSize and learningRate must be positive")
                }
            }
        }
    }

    /// The segmentation settings of `variant` at `profile`: the profile's with the
    /// variant's overrides laid over them.
    public func segmentationSettings(profile: Profile, variant: String) throws -> SegmentationRunSettings {
        guard let base = try settings(profile: profile).segmentation,
              let v = variants.first(where: { $0.name == variant }) else {
            throw ExperimentError.invalidConfig(file: file, reason: "no segmentation settings for variant '\(variant)' "
                                                + "at profile \(profile)")
        }
        var settings = base
        if let text = v.segmentationOverride {
            settings = try Self.overlay(try StrictYAML.parse(text, file: file), on: base, file: file)
        }
        if let rung = v.rung { settings.training = settings.training.scaled(by: rung.multiplier) }
        return settings
    }

    /// The depth-pretraining variant whose network `variant` needs at `profile`: the one
    /// it starts from (`init: depth`) or whose cached depth its DepthMix mixes by; nil
    /// when it needs none. (Label selections need the profile's own run on top.)
    public func depthPretraining(of variant: Variant, profile: Profile) throws -> String? {
        guard kind != .depthPretraining else { return nil }
        if variant.`init` == "depth" { return variant.depthVariant }
        let semi = try segmentationSettings(profile: profile, variant: variant.name).semiSupervised
        guard let semi, semi.mix == .depthMix, semi.depthSource != .online else { return nil }
        return variant.depthVariant
    }

    /// The depth-pretraining settings of `variant` at `profile`: the profile's with the
    /// variant's `depth:` section laid over them ("depth": the profile's own).
    public func depthSettings(profile: Profile, variant: String) throws -> DepthPretrainingSettings {
        guard let base = try settings(profile: profile).depth else {
            throw ExperimentError.invalidConfig(file: file, reason: "profile \(profile) has no depth settings")
        }
        guard variant != Self.defaultDepthVariant else { return base }
        guard let v = variants.first(where: { $0.name == variant }) else {
            throw ExperimentError.invalidConfig(file: file, reason: "no variant '\(variant)'")
        }
        guard let text = v.depthOverride else { return base }
        return try Self.overlay(try StrictYAML.parse(text, file: file), on: base, file: file)
    }

    /// `base` with the keys of the YAML `section` laid over it, decoded strictly.
    static func overlay<T: Codable>(_ section: Node, on base: T, file: String) throws -> T {
        let merged = StrictYAML.merged(try StrictYAML.parse(try YAMLEncoder().encode(base), file: file), section)
        return try StrictYAML.decode(T.self, from: merged, file: file)
    }

    /// Throws, naming `key` and the profile, when a variant's `section` does not lay
    /// over some profile's settings (`base` picks them; profiles without them are skipped).
    static func checkOverride<T: Codable>(_ section: Node, key: String, profiles: [String: ProfileSettings], file: String,
                                          base: KeyPath<ProfileSettings, T?>) throws {
        for (name, profile) in profiles {
            guard let settings = profile[keyPath: base] else { continue }
            do {
                _ = try overlay(section, on: settings, file: file)
            } catch let error as ConfigError {
                throw ConfigError.invalidValue(file: file, key: key, reason: "\(error) (with profile \(name))")
            }
        }
    }

    /// The settings of `profile`; throws naming the file when it has none.
    public func settings(profile: Profile) throws -> ProfileSettings {
        guard let p = profiles[profile] else {
            throw ExperimentError.invalidConfig(file: file, reason: "no profile '\(profile)' (it has: "
                                                + profiles.keys.map(\.rawValue).sorted().joined(separator: ", ") + ")")
        }
        return p
    }
}
