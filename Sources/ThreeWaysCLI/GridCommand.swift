import ArgumentParser
import Cluster
import Experiments
import Foundation

/// `threeways grid`: an experiment's grid as Slurm jobs, or the status of such a grid.
struct GridCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "Write (and optionally submit) Slurm job arrays for an experiment's grid, or show a grid's status.",
        discussion: """
        --slurm OUT writes into OUT: manifest.tsv (one line per run: index, stage, \
        experiment, variant, profile, subset, seed, its own results shard under \
        OUT/shards/, the shared runs folder for checkpoints), one sbatch job array per \
        stage (1-depth.sbatch: the profile's depth pretraining, when a variant starts from \
        it; 2-runs.sbatch: the grid, array task id = manifest index, each task `threeways \
        grid-task` with --requeue so a requeued task resumes from its checkpoint), a \
        merge-and-report job (OUT/results.sqlite, OUT/report/) and submit.sh, which \
        submits them in order with --dependency=afterok on the job before and lists the \
        job ids in OUT/jobs.tsv. Every job runs in the current directory with \
        THREEWAYS_THREADS = --cpus-per-task. --submit runs submit.sh and prints the job \
        ids; without it the commands are printed. Logs: OUT/logs/.

        --status OUT lists each entry as done, running, interrupted (started, nobody \
        running it), failed (with the message) or missing (no shard yet), read from the \
        shards, with Slurm's state of its array task from sacct (without accounting \
        storage: scontrol show job, else squeue). Exit status 1 when an entry failed.
        """)

    @Option(help: "The experiment id (e.g. depth, 210).")
    var experiment: String?

    @OptionGroup var preset: ProfileOptions
    @OptionGroup var seeds: SeedOptions

    @Option(help: "Write the Slurm jobs into this folder.")
    var slurm: String?

    @Option(help: "Show the status of the grid in this folder instead.")
    var status: String?

    @Option(help: "Slurm partition (default: the cluster's).")
    var partition: String?

    @Option(help: "CPUs per task, also the engine's thread count.")
    var cpusPerTask: Int = 2

    @Option(help: "Time limit per task, HH:MM:SS or D-HH:MM:SS (default: the partition's).")
    var time: String?

    @Option(help: "Memory per task, e.g. 8G (default: the partition's).")
    var mem: String?

    @OptionGroup var data: DataOptions
    @OptionGroup var configs: ConfigsOptions

    @Option(help: "Shared runs folder for checkpoints (default: OUT/runs).")
    var runs: String?

    @Option(help: "The threeways executable the jobs run (default: this one).")
    var executable: String?

    @Flag(help: "Submit the jobs with sbatch and print their ids.")
    var submit = false

    func validate() throws {
        if status != nil {
            guard slurm == nil, experiment == nil, !submit else {
                throw ValidationError("--status OUT takes no --slurm, --experiment or --submit")
            }
        } else {
            guard slurm != nil else { throw ValidationError("give --slurm OUT_DIR (or --status OUT_DIR)") }
            guard experiment != nil else { throw ValidationError("give --experiment NAME") }
        }
    }

    func run() throws {
        if let status { return try showStatus(outDir: absolute(status)) }
        let outDir = absolute(slurm!)
        let registry = try configs.registry()
        let dataRoot = try data.existingDataRoot(profile: preset.profile, resolve: absolute)
        let seedList = try seeds.parsedSeeds()
        let paths = SlurmScripts.Paths(executable: try executablePath(), workingDirectory: FileManager.default.currentDirectoryPath,
                                       outDir: outDir, configs: absolute(configs.configs), dataRoot: dataRoot)
        let grid = try GridSubmission(registry: registry, experiment: experiment!, profile: preset.profile, seeds: seedList,
                                      resources: .init(partition: partition, cpusPerTask: cpusPerTask, time: time,
                                                       memory: mem),
                                      paths: paths, runsFolder: absolute(runs ?? outDir + "/runs"))
        try grid.write()
        for stage in grid.manifest.stages {
            print("stage \(stage.name): \(stage.indices.count) task(s), manifest lines \(stage.indices.lowerBound)...\(stage.indices.upperBound)")
        }
        print("wrote \(paths.manifest), \(grid.scripts.scripts.map(\.fileName).joined(separator: ", ")) and submit.sh in \(outDir)")
        guard submit else {
            print("submit with `bash \(outDir)/submit.sh`, which runs:")
            print(grid.submitCommands.joined(separator: "\n"))
            return
        }
        try grid.submit()
        print("submitted; follow with `threeways grid --status \(outDir)`; merged results: \(paths.mergedStore)")
    }

    private func showStatus(outDir: String) throws {
        let jobs = SlurmQuery.jobs(outDir: outDir)
        let slurm = SlurmQuery.states(jobIds: jobs.map(\.id))
        let status = try GridStatus(manifestPath: outDir + "/manifest.tsv", slurm: slurm?.tasks ?? [:])
        print("index  stage  entry                                            state        slurm")
        for e in status.entries {
            let name = e.line.entry.description.padding(toLength: 48, withPad: " ", startingAt: 0)
            let index = String(e.line.index).padding(toLength: 6, withPad: " ", startingAt: 0)
            let stage = e.line.stage.padding(toLength: 6, withPad: " ", startingAt: 0)
            let state = e.state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            print("\(index) \(stage) \(name) \(state) \(e.slurm ?? "-")" + (e.message.map { "  \($0)" } ?? ""))
        }
        let counts = status.counts
        print(GridStatus.State.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
        if let slurm {
            for job in jobs where slurm.jobs[job.id] != nil {
                print("\(job.stage) job \(job.id): \(slurm.jobs[job.id]!) (\(slurm.source))")
            }
        } else if !jobs.isEmpty {
            print("(no Slurm states: neither sacct nor squeue answered)")
        }
        if (counts[.failed] ?? 0) > 0 { throw ExitCode(1) }
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/"))
            .standardizedFileURL.path
    }

    private func executablePath() throws -> String {
        if let executable { return absolute(executable) }
        guard let path = Bundle.main.executableURL?.resolvingSymlinksInPath().path else {
            throw ValidationError("cannot tell where this threeways executable is; pass --executable PATH")
        }
        return path
    }
}
