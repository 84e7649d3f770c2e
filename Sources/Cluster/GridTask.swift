import Experiments
import Foundation
import ResultsStore
import Training

/// One cluster task: the manifest line of a Slurm array task id, run into its own
/// results shard (never a shared SQLite file over a network filesystem) with its
/// checkpoints in the shared runs folder. Run again (Slurm requeue), it resumes from
/// the entry's newest checkpoint; finished, it does nothing. Segmentation runs that
/// start from depth pretraining take the network the depth stage left in the runs
/// folder (`ExperimentRunner.depthFromRunsFolderOnly`).
public enum GridTask {
    /// Runs manifest line `index` of `manifestPath`; returns the line and the outcome.
    public static func run(manifestPath: String, index: Int, registry: ExperimentRegistry, dataRoot: String,
                           observer: TrainingObserver, environment: RunEnvironment = .current(),
                           retryFailed: Bool = false) throws -> (GridManifest.Line, ExperimentRunner.Outcome) {
        let manifest = try GridManifest(path: manifestPath)
        let line = try manifest.line(index, path: manifestPath)
        let definition = try registry.definition(line.entry.experiment)
        let store = try ResultsStore(path: line.shard)
        let runner = try ExperimentRunner(dataRoot: dataRoot, runsFolder: line.runsFolder, store: store,
                                          registry: registry, observer: observer, environment: environment)
        runner.depthFromRunsFolderOnly = true
        runner.retryFailed = retryFailed
        observer.log("grid task \(index) (\(line.stage)): \(line.entry) into \(line.shard)")
        return (line, try runner.run(line.entry, definition: definition, waitForLock: true))
    }
}
