import Foundation

/// The experiment definitions of a `configs/` folder, by experiment id.
public struct ExperimentRegistry: Sendable {
    /// The folder read.
    public let folder: String
    public let definitions: [String: ExperimentDefinition]

    /// Reads every `*.yml` / `*.yaml` file of `folder`; two files defining the same
    /// experiment are an error naming both.
    public init(folder: String) throws {
        self.folder = folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw ExperimentError.missingFile(path: folder, what: "configuration folder")
        }
        var definitions: [String: ExperimentDefinition] = [:]
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
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
