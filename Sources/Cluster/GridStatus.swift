import Experiments
import Foundation
import ResultsStore
import Training

/// Where each entry of a cluster grid stands, from its shard (and Slurm's view of its
/// array task when known): done, running (its run folder is locked by a live
/// process), interrupted (started, not finished, nobody running it: a requeue or a
/// rerun resumes it), failed (with the message) or missing (no shard yet).
public struct GridStatus: Sendable {
    public enum State: String, Sendable, CaseIterable {
        case done, running, interrupted, failed, missing
    }

    /// One manifest line's state.
    public struct Entry: Sendable {
        public var line: GridManifest.Line
        public var state: State
        /// The failure message, or why the shard could not be read.
        public var message: String?
        /// Slurm's state of the array task (e.g. PENDING, RUNNING, COMPLETED), when known.
        public var slurm: String?
    }

    public var entries: [Entry]

    /// Reads every shard of the manifest at `manifestPath`; `slurm` maps array task ids
    /// (manifest indices) to Slurm states.
    public init(manifestPath: String, slurm: [Int: String] = [:]) throws {
        let manifest = try GridManifest(path: manifestPath)
        entries = manifest.lines.map { line -> Entry in
            var entry = Entry(line: line, state: .missing, message: nil, slurm: slurm[line.index])
            guard FileManager.default.fileExists(atPath: line.shard) else { return entry }
            do {
                let runs = try ResultsStore.runs(readingShard: line.shard).filter {
                    $0.experiment == line.entry.experiment && $0.configName == line.entry.variant
                        && $0.profile == line.entry.profile.rawValue && $0.seed == Int(line.entry.seed)
                        && $0.subsetSize == line.entry.subsetSize
                }
                guard let run = runs.last else { return entry }
                switch run.status {
                case .done: entry.state = .done
                case .failed: entry.state = .failed; entry.message = run.message
                case .running:
                    let folder = line.runsFolder + "/" + line.entry.folderName + "-" + run.configHash.prefix(8)
                    let free = (try? RunLock(folder: folder, wait: false)) != nil
                    entry.state = free ? .interrupted : .running
                }
            } catch {
                entry.state = .failed
                entry.message = "\(error)"
            }
            return entry
        }
    }

    /// Entries per state.
    public var counts: [State: Int] {
        Dictionary(grouping: entries, by: \.state).mapValues(\.count)
    }
}
