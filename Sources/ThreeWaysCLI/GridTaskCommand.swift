import ArgumentParser
import Cluster
import Experiments
import Foundation

/// `threeways grid-task`: one entry of a cluster grid (what each Slurm array task runs).
struct GridTaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid-task",
        abstract: "Run one entry of a grid manifest into its own results shard (a Slurm array task).",
        discussion: """
        Reads line --index (default: $SLURM_ARRAY_TASK_ID) of the manifest that `threeways \
        grid --slurm` wrote, and runs that grid entry with its checkpoints in the manifest's \
        runs folder and its results in the line's shard. Run again (e.g. after `scontrol \
        requeue`), it resumes from the newest checkpoint and records each step once; \
        finished, it does nothing. Transfer variants use the depth network that the \
        depth stage left in the runs folder. Exit status 1 when the run failed, so Slurm \
        records the task as failed and dependent jobs do not start.
        """)

    @Option(help: "The grid manifest (OUT/manifest.tsv).")
    var manifest: String

    @Option(help: "The manifest line to run (default: $SLURM_ARRAY_TASK_ID).")
    var index: Int?

    @OptionGroup var configs: ConfigsOptions

    @Option(help: "Root of the Cityscapes-layout tree the grid trains on.")
    var root: String

    @OptionGroup var retry: RetryOptions

    func run() throws {
        guard let index = index ?? ProcessInfo.processInfo.environment["SLURM_ARRAY_TASK_ID"].flatMap({ Int($0) }) else {
            throw ValidationError("give --index N (or run as a Slurm array task, with SLURM_ARRAY_TASK_ID set)")
        }
        try DataOptions.requireDataset(at: root)
        let (line, outcome) = try GridTask.run(manifestPath: manifest, index: index,
                                               registry: try configs.registry(), dataRoot: root,
                                               observer: ProgressBarObserver(), retryFailed: retry.retryFailed)
        switch outcome {
        case .done(let id): print("\(line.entry): done (run \(id) in \(line.shard))")
        case .alreadyDone(let id): print("\(line.entry): already done (run \(id) in \(line.shard))")
        case .failed(_, let message):
            print("\(line.entry): FAILED: \(message)")
            throw ExitCode(1)
        case .busy:
            print("\(line.entry): another process holds its run folder")
            throw ExitCode(1)
        }
    }
}
