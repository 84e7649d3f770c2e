import Experiments
import Foundation
import Training

/// The stages of an experiment's grid on a cluster, in dependency order: each stage is
/// one Slurm job array that starts when every task of the stage before it succeeded
/// (`afterok`), and a final merge-and-report job follows the last stage.
///
/// Today's stages: "depth" (the depth pretrainings the variants start from or mix by,
/// `pretraining:` naming one, and the profile's own for label selections, whose teacher
/// it is; the runner's `depthWeights` trains each one's first seed) and "runs" (the
/// experiment's grid). A label selection that
/// selected-labels variants read is made by the first array task that needs it, in the
/// shared runs folder under the selection's lock, while the other tasks that need it
/// wait; every task records it in its own shard and the merge keeps one copy.
public enum GridPlan {
    /// One stage: a name (the job array's and the manifest's) and its entries.
    public struct Stage: Equatable, Sendable {
        public var name: String
        public var entries: [GridEntry]

        public init(name: String, entries: [GridEntry]) {
            self.name = name
            self.entries = entries
        }
    }

    /// The stages of `experiment` at `profile` (`seeds` replace the profile's seeds of
    /// the experiment's own runs; the depth pretraining keeps its profile's first seed,
    /// as `ExperimentRunner.depthWeights` does).
    public static func stages(registry: ExperimentRegistry, experiment: String, profile: Profile,
                              seeds: [UInt64]? = nil) throws -> [Stage] {
        let definition = try registry.definition(experiment)
        let runs = try GridEntry.grid(of: definition, profile: profile, seeds: seeds)
        guard !runs.isEmpty else {
            throw ExperimentError.invalidConfig(file: definition.file, reason: "profile \(profile) has an empty grid")
        }
        switch definition.kind {
        case .depthPretraining:
            return [Stage(name: "depth", entries: runs)]
        case .segmentation, .dataSelection:
            var stages: [Stage] = []
            // The depth pretrainings the grid's variants start from or mix by, and the
            // profile's own run for label selections, in the variants' order.
            var pretrainings: [String] = []
            for v in definition.variants where v.runs(at: profile) {
                let needed = [try definition.depthPretraining(of: v, profile: profile),
                              v.labels == nil ? nil : ExperimentDefinition.defaultDepthVariant].compactMap { $0 }
                for name in needed where !pretrainings.contains(name) { pretrainings.append(name) }
            }
            if !pretrainings.isEmpty {
                let depth = try registry.depthPretraining()
                guard let seed = try depth.settings(profile: profile).seeds.first else {
                    throw ExperimentError.invalidConfig(file: depth.file, reason: "profile \(profile) has no seeds")
                }
                stages.append(Stage(name: "depth", entries: pretrainings.map {
                    GridEntry(experiment: depth.experiment, variant: $0, profile: profile, seed: seed, subsetSize: nil)
                }))
            }
            stages.append(Stage(name: "runs", entries: runs))
            return stages
        }
    }

    /// The manifest of `stages`: shards under `OUT/shards/` named by index and entry,
    /// checkpoints under `runsFolder`.
    public static func manifest(_ stages: [Stage], outDir: String, runsFolder: String) -> GridManifest {
        var lines: [GridManifest.Line] = []
        for stage in stages {
            for entry in stage.entries {
                let index = lines.count
                let name = entry.folderName.replacingOccurrences(of: "/", with: "-")
                let shard = outDir + "/shards/" + String(format: "%04d", index) + "-" + name + ".sqlite"
                lines.append(GridManifest.Line(index: index, stage: stage.name, entry: entry, shard: shard,
                                               runsFolder: runsFolder))
            }
        }
        return GridManifest(lines: lines)
    }
}
