import Experiments
import Foundation

/// Slurm's states of a grid's jobs: `sacct` when accounting storage is configured,
/// else `scontrol show job` (jobs finished less than MinJobAge ago included), else
/// `squeue` (pending and running jobs only).
public enum SlurmQuery {
    /// The jobs `submit.sh` listed in OUT/jobs.tsv: (stage, job id) in order.
    public static func jobs(outDir: String) -> [(stage: String, id: String)] {
        guard let text = try? String(contentsOfFile: outDir + "/" + SlurmScripts.jobsFileName, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            let f = $0.split(separator: "\t").map(String.init)
            return f.count == 2 ? (f[0], f[1]) : nil
        }
    }

    /// States by array task id, and the states of whole jobs by job id, from sacct or
    /// squeue; nil when neither answers (no Slurm here).
    public static func states(jobIds: [String]) -> (tasks: [Int: String], jobs: [String: String], source: String)? {
        guard !jobIds.isEmpty else { return nil }
        let ids = jobIds.joined(separator: ",")
        if let out = command(["sacct", "-n", "-P", "-X", "-j", ids, "--format=JobID,State"]) {
            let parsed = parse(out)
            return (parsed.tasks, parsed.jobs, "sacct")
        }
        // Without accounting, scontrol still knows finished jobs for MinJobAge seconds.
        let records = jobIds.compactMap { command(["scontrol", "-o", "show", "job", $0]) }
        if !records.isEmpty {
            let parsed = parseScontrol(records.joined(separator: "\n"))
            return (parsed.tasks, parsed.jobs, "scontrol")
        }
        if let out = command(["squeue", "-h", "-r", "-j", ids, "-o", "%i|%T"]) {
            let parsed = parse(out)
            return (parsed.tasks, parsed.jobs, "squeue")
        }
        return nil
    }

    /// Parses `JOBID|STATE` lines: "123_4|RUNNING" is array task 4; "123|COMPLETED" a
    /// whole job; "123_[5-7]|PENDING" array tasks 5 to 7 (sacct lists pending ranges).
    /// A state such as "CANCELLED by 0" keeps its first word.
    public static func parse(_ text: String) -> (tasks: [Int: String], jobs: [String: String]) {
        var tasks: [Int: String] = [:], jobs: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count >= 2, let state = f[1].split(separator: " ").first.map(String.init) else { continue }
            let id = f[0]
            guard let underscore = id.firstIndex(of: "_") else { jobs[id] = state; continue }
            var task = String(id[id.index(after: underscore)...])
            if task.hasPrefix("[") {
                task = String(task.dropFirst().prefix { $0 != "]" && $0 != "%" })
                for part in task.split(separator: ",") {
                    let bounds = part.split(separator: "-").compactMap { Int($0) }
                    if bounds.count == 2, bounds[0] <= bounds[1] {
                        for t in bounds[0]...bounds[1] { tasks[t] = state }
                    } else if bounds.count == 1 {
                        tasks[bounds[0]] = state
                    }
                }
            } else if let t = Int(task) {
                tasks[t] = state
            }
        }
        return (tasks, jobs)
    }

    /// Parses `scontrol -o show job` records (one line each, `Key=Value` words): a
    /// record with `ArrayTaskId=N` (or a pending range `N-M`) gives array tasks, one
    /// without it a whole job under its `JobId`.
    public static func parseScontrol(_ text: String) -> (tasks: [Int: String], jobs: [String: String]) {
        var lines: [String] = []
        for record in text.split(separator: "\n") {
            var fields: [String: String] = [:]
            for word in record.split(separator: " ") {
                let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2, fields[pair[0]] == nil { fields[pair[0]] = pair[1] }
            }
            guard let state = fields["JobState"] else { continue }
            if let array = fields["ArrayJobId"], let task = fields["ArrayTaskId"] {
                lines.append("\(array)_" + (task.contains("-") || task.contains(",") ? "[\(task)]" : task) + "|\(state)")
            } else if let id = fields["JobId"] {
                lines.append("\(id)|\(state)")
            }
        }
        return parse(lines.joined(separator: "\n"))
    }

    /// Standard output of a command that exits 0, else nil.
    private static func command(_ arguments: [String]) -> String? {
        RunEnvironment.commandOutput(arguments)
    }
}
