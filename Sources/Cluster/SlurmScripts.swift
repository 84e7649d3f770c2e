import Experiments
import Foundation

/// The `sbatch` scripts of a cluster grid: one job array per manifest stage (array
/// task id = manifest index; each task runs `threeways grid-task` on its line, with
/// `--requeue` so a preempted or failed node reruns it, resuming from its checkpoint)
/// and a merge-and-report job, chained by `--dependency=afterok:` in `submit.sh`.
public struct SlurmScripts: Equatable, Sendable {
    /// sbatch settings shared by every job.
    public struct Resources: Equatable, Sendable {
        /// `--partition` (nil: the cluster's default).
        public var partition: String?
        /// `--cpus-per-task`; also the engine's thread count (THREEWAYS_THREADS).
        public var cpusPerTask: Int
        /// `--time`, HH:MM:SS or D-HH:MM:SS (nil: the partition's default).
        public var time: String?
        /// `--mem`, e.g. "8G" (nil: the partition's default).
        public var memory: String?

        public init(partition: String? = nil, cpusPerTask: Int = 2, time: String? = nil, memory: String? = nil) {
            self.partition = partition
            self.cpusPerTask = cpusPerTask
            self.time = time
            self.memory = memory
        }
    }

    /// What the scripts run and where.
    public struct Paths: Equatable, Sendable {
        /// The `threeways` executable (absolute).
        public var executable: String
        /// The working directory of every job (the package: its git commit is recorded).
        public var workingDirectory: String
        /// The grid's folder: manifest, scripts, shards/, logs/, results.sqlite, report/.
        public var outDir: String
        /// The configs folder and the dataset root (absolute).
        public var configs: String
        public var dataRoot: String

        public init(executable: String, workingDirectory: String, outDir: String, configs: String, dataRoot: String) {
            self.executable = executable
            self.workingDirectory = workingDirectory
            self.outDir = outDir
            self.configs = configs
            self.dataRoot = dataRoot
        }

        public var manifest: String { outDir + "/manifest.tsv" }
        public var mergedStore: String { outDir + "/results.sqlite" }
    }

    /// One script: its file name under OUT and its text.
    public struct Script: Equatable, Sendable {
        public var fileName: String
        public var text: String
        /// The stage it runs ("merge" for the last job).
        public var stage: String
    }

    /// The job scripts in submission order (each depends on the one before).
    public let scripts: [Script]
    public let paths: Paths

    /// Validates `--time` (HH:MM:SS or D-HH:MM:SS) and the CPU count; builds the scripts.
    public init(manifest: GridManifest, jobName: String, resources: Resources, paths: Paths) throws {
        guard resources.cpusPerTask >= 1 else {
            throw ExperimentError.invalidConfig(file: "--cpus-per-task", reason: "must be at least 1 (got \(resources.cpusPerTask))")
        }
        if let time = resources.time, time.range(of: #"^([0-9]+-)?[0-9]{1,2}:[0-5][0-9]:[0-5][0-9]$"#, options: .regularExpression) == nil {
            throw ExperimentError.invalidConfig(file: "--time", reason: "'\(time)' is not HH:MM:SS or D-HH:MM:SS")
        }
        if let memory = resources.memory, memory.range(of: #"^[0-9]+[KMGT]?$"#, options: .regularExpression) == nil {
            throw ExperimentError.invalidConfig(file: "--mem", reason: "'\(memory)' is not a size such as 8G or 16000M")
        }
        self.paths = paths
        var scripts: [Script] = []
        let stages = manifest.stages
        for (number, stage) in stages.enumerated() {
            let range = stage.indices.lowerBound == stage.indices.upperBound
                ? "\(stage.indices.lowerBound)" : "\(stage.indices.lowerBound)-\(stage.indices.upperBound)"
            let header = Self.header(name: "\(jobName)-\(stage.name)", resources: resources, paths: paths,
                                     extra: ["--array=\(range)", "--requeue", "--open-mode=append",
                                             "--output=\(paths.outDir)/logs/%x-%A_%a.out"])
            let body = """
                # One grid entry per array task: the manifest line of SLURM_ARRAY_TASK_ID, recorded in
                # its own shard. A requeued task resumes from the entry's newest checkpoint.
                exec \(Self.quote(paths.executable)) grid-task --manifest \(Self.quote(paths.manifest)) \\
                    --index "$SLURM_ARRAY_TASK_ID" --configs \(Self.quote(paths.configs)) --root \(Self.quote(paths.dataRoot))

                """
            scripts.append(Script(fileName: "\(number + 1)-\(stage.name).sbatch", text: header + body, stage: stage.name))
        }
        let shards = paths.outDir + "/shards"
        let header = Self.header(name: "\(jobName)-merge", resources: resources, paths: paths,
                                 extra: ["--requeue", "--output=\(paths.outDir)/logs/%x-%j.out"])
        let body = """
            # Merge every shard into one store (idempotent), then write the report tables.
            set -euo pipefail
            \(Self.quote(paths.executable)) merge --out \(Self.quote(paths.mergedStore)) \(Self.quote(shards))/*.sqlite
            \(Self.quote(paths.executable)) report --db \(Self.quote(paths.mergedStore)) --out \(Self.quote(paths.outDir + "/report"))

            """
        scripts.append(Script(fileName: "\(stages.count + 1)-merge.sbatch", text: header + body, stage: "merge"))
        self.scripts = scripts
    }

    /// The `#SBATCH` lines and environment shared by every job.
    private static func header(name: String, resources: Resources, paths: Paths, extra: [String]) -> String {
        var options = ["--job-name=\(name)"] + extra
        options.append("--cpus-per-task=\(resources.cpusPerTask)")
        options.append("--ntasks=1")
        if let partition = resources.partition { options.append("--partition=\(partition)") }
        if let time = resources.time { options.append("--time=\(time)") }
        if let memory = resources.memory { options.append("--mem=\(memory)") }
        options.append("--chdir=\(paths.workingDirectory)")
        return "#!/bin/bash\n" + options.map { "#SBATCH \($0)\n" }.joined()
            + "# Written by `threeways grid --slurm`; submit with submit.sh (dependencies: afterok).\n"
            + "export THREEWAYS_THREADS=\"${SLURM_CPUS_PER_TASK:-\(resources.cpusPerTask)}\"\n"
    }

    /// The shell commands that submit the jobs in order, each after the previous one
    /// succeeded, and print `stage<TAB>job id` lines (also the content of `submit.sh`).
    public var submitScript: String {
        let jobs = Self.quote(paths.outDir + "/" + Self.jobsFileName)
        var out = "#!/bin/bash\n# Submits the grid: each job starts when the one before succeeded (afterok).\n"
            + "# Prints and writes to \(Self.jobsFileName) one 'stage<TAB>job id' line per job.\nset -euo pipefail\n: > \(jobs)\n"
        var previous: String? = nil
        for (number, script) in scripts.enumerated() {
            let variable = "job\(number + 1)"
            let dependency = previous.map { " --dependency=afterok:$\($0)" } ?? ""
            out += "\(variable)=$(sbatch --parsable\(dependency) \(Self.quote(paths.outDir + "/" + script.fileName)) | cut -d';' -f1)\n"
            out += "printf '%s\\t%s\\n' \(script.stage) \"$\(variable)\" | tee -a \(jobs)\n"
            previous = variable
        }
        return out
    }

    /// The file under OUT where `submit.sh` lists the job ids.
    public static let jobsFileName = "jobs.tsv"

    /// `text` quoted for bash when it needs it.
    static func quote(_ text: String) -> String {
        if text.range(of: #"^[A-Za-z0-9_./:=@%+,-]+$"#, options: .regularExpression) != nil { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
