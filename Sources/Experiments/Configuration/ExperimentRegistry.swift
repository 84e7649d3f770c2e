import Foundation
import Reports
import Training

/// The experiment definitions of a `configs/` folder, by experiment id, and the
/// published numbers beside them (`published.yml`).
public struct ExperimentRegistry: Sendable {
    /// The file of a configs folder that holds the published numbers, not an experiment.
    public static let publishedFileName = "published.yml"

    /// The folder read.
    public let folder: String
    public let definitions: [String: ExperimentDefinition]

    /// Reads every `*.yml` / `*.yaml` file of `folder` but `published.yml`; two files
    /// defining the same experiment are an error naming both.
    public init(folder: String) throws {
        self.folder = folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw ExperimentError.missingFile(path: folder, what: "configuration folder")
        }
        var definitions: [String: ExperimentDefinition] = [:]
        for name in names.sorted() where (name.hasSuffix(".yml") || name.hasSuffix(".yaml"))
            && name != Self.publishedFileName {
            let definition = try ExperimentDefinition.load(folder + "/" + name)
            if let other = definitions[definition.experiment] {
                throw ExperimentError.invalidConfig(file: definition.file, reason:
                    "experiment '\(definition.experiment)' is also defined in \(other.file)")
            }
            definitions[definition.experiment] = definition
        }
        self.definitions = definitions
    }

    /// The definition of `experiment`; throws listing the known ones.
    public func definition(_ experiment: String) throws -> ExperimentDefinition {
        guard let d = definitions[experiment] else {
            throw ExperimentError.unknownExperiment(experiment, known: experimentIds)
        }
        return d
    }

    /// Experiment ids, depth pretraining first, then by id.
    public var experimentIds: [String] {
        definitions.values.sorted { ($0.kind == .depthPretraining ? 0 : 1, $0.experiment) < ($1.kind == .depthPretraining ? 0 : 1, $1.experiment) }
            .map(\.experiment)
    }

    /// The published numbers of the folder (`published.yml`), nil when it has none;
    /// an unreadable or inconsistent file is an error naming it.
    public func publishedNumbers() throws -> PublishedNumbers? {
        let path = folder + "/" + Self.publishedFileName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try PublishedNumbersFile.load(path)
    }

    /// The context a report needs from the folder: experiments and variants in order,
    /// titles, and the published numbers.
    public func reportContext(profile: Profile?) throws -> ResultsReport.Context {
        ResultsReport.Context(
            profile: profile?.rawValue, published: try publishedNumbers(), experimentOrder: experimentIds,
            variantOrder: definitions.mapValues(\.variantNames),
            titles: definitions.mapValues(\.title))
    }

    /// The depth-pretraining definition (the one transfer variants start from).
    public func depthPretraining() throws -> ExperimentDefinition {
        let found = definitions.values.filter { $0.kind == .depthPretraining }
        guard found.count == 1 else {
            throw ExperimentError.invalidConfig(file: folder, reason: found.isEmpty
                ? "no experiment of kind depth-pretraining (transfer variants need one)"
                : "several depth-pretraining experiments: \(found.map(\.file).sorted().joined(separator: ", "))")
        }
        return found[0]
    }
}
