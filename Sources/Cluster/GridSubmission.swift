import Experiments
import Foundation
import Training

/// An experiment's grid at one profile as Slurm jobs in a folder OUT: the manifest
/// (OUT/manifest.tsv), one sbatch job array per stage, the merge-and-report job and
/// OUT/submit.sh, which submits them in order. `write()` refuses a folder holding
/// another grid (its shards belong to it); `submit()` runs submit.sh.
public struct GridSubmission {
    public let manifest: GridManifest
    public let scripts: SlurmScripts
    public let paths: SlurmScripts.Paths

    /// Plans the grid of `experiment` at `profile` (the profile's seeds, or `seeds`).
    public init(registry: ExperimentRegistry, experiment: String, profile: Profile, seeds: [UInt64]?,
                resources: SlurmScripts.Resources, paths: SlurmScripts.Paths, runsFolder: String) throws {
        let stages = try GridPlan.stages(registry: registry, experiment: experiment, profile: profile, seeds: seeds)
        manifest = GridPlan.manifest(stages, outDir: paths.outDir, runsFolder: runsFolder)
        self.paths = paths
        scripts = try SlurmScripts(manifest: manifest, jobName: "threeways-\(experiment)-\(profile)",
                                   resources: resources, paths: paths)
    }

    /// Writes the manifest and the scripts into OUT (with OUT/shards and OUT/logs).
    public func write() throws {
        let fm = FileManager.default
        let outDir = paths.outDir
        for folder in ["", "/shards", "/logs"] {
            try fm.createDirectory(atPath: outDir + folder, withIntermediateDirectories: true)
        }
        let manifestPath = outDir + "/manifest.tsv"
        if let existing = try? String(contentsOfFile: manifestPath, encoding: .utf8), existing != manifest.text {
            throw GridError(description: "\(manifestPath) holds another grid (its shards belong to it); use a new --slurm folder")
        }
        try manifest.text.write(toFile: manifestPath, atomically: true, encoding: .utf8)
        for script in scripts.scripts {
            try script.text.write(toFile: outDir + "/" + script.fileName, atomically: true, encoding: .utf8)
        }
        try scripts.submitScript.write(toFile: outDir + "/submit.sh", atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: outDir + "/submit.sh")
    }

    /// The sbatch lines submit.sh runs, for printing.
    public var submitCommands: [String] {
        scripts.submitScript.split(separator: "\n").filter { $0.contains("sbatch") }.map(String.init)
    }

    /// Runs OUT/submit.sh (sbatch must be on the PATH); the job ids go to OUT/jobs.tsv.
    public func submit() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", paths.outDir + "/submit.sh"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GridError(description: "submitting failed (is sbatch on PATH and the cluster up?); jobs submitted "
                            + "so far are in \(paths.outDir)/\(SlurmScripts.jobsFileName)")
        }
    }
}
