import Experiments
import Foundation
import Training

/// The runs of a cluster grid, one line each, as a tab-separated file
/// (`OUT/manifest.tsv`): the stage it belongs to, the grid entry, its own results shard
/// and the shared runs folder holding its checkpoints. A Slurm array task reads the
/// line of its `SLURM_ARRAY_TASK_ID`; `grid --status` and the merge job read them all.
///
/// ```
/// index  stage  experiment  variant   profile  subset  seed  shard                      runs
/// 0      depth  depth       depth     smoke    all     42    /out/shards/0000-....sqlite  /out/runs
/// 1      runs   210         scratch   smoke    8       42    /out/shards/0001-....sqlite  /out/runs
/// ```
public struct GridManifest: Equatable, Sendable {
    /// One line: a grid entry with where it records.
    public struct Line: Equatable, Sendable {
        /// Position in the manifest (0...), the Slurm array task id.
        public var index: Int
        /// The stage (one Slurm job array) the entry runs in, e.g. "depth" or "runs".
        public var stage: String
        public var entry: GridEntry
        /// The entry's own SQLite results file.
        public var shard: String
        /// The runs folder shared by every task (checkpoints, final networks).
        public var runsFolder: String

        public init(index: Int, stage: String, entry: GridEntry, shard: String, runsFolder: String) {
            self.index = index
            self.stage = stage
            self.entry = entry
            self.shard = shard
            self.runsFolder = runsFolder
        }
    }

    public static let header = ["index", "stage", "experiment", "variant", "profile", "subset", "seed", "shard", "runs"]

    public var lines: [Line]

    public init(lines: [Line]) { self.lines = lines }

    /// The file's text: the header, then one line per entry.
    public var text: String {
        var out = Self.header.joined(separator: "\t") + "\n"
        for l in lines {
            let e = l.entry
            out += [String(l.index), l.stage, e.experiment, e.variant, e.profile.rawValue, e.subsetSize.map(String.init) ?? "all",
                    String(e.seed), l.shard, l.runsFolder].joined(separator: "\t") + "\n"
        }
        return out
    }

    /// Reads a manifest; errors name the file and line.
    public init(path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ExperimentError.missingFile(path: path, what: "grid manifest")
        }
        var rows = text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        guard rows.first == Self.header else {
            throw ExperimentError.invalidFile(path: path, reason: "line 1 is not the manifest header (\(Self.header.joined(separator: ", ")))")
        }
        rows.removeFirst()
        lines = try rows.enumerated().map { number, f in
            let where_ = "line \(number + 2)"
            guard f.count == Self.header.count else {
                throw ExperimentError.invalidFile(path: path, reason: "\(where_) has \(f.count) fields, expected \(Self.header.count)")
            }
            guard let index = Int(f[0]), index == number else {
                throw ExperimentError.invalidFile(path: path, reason: "\(where_): index '\(f[0])' should be \(number)")
            }
            guard let seed = UInt64(f[6]) else {
                throw ExperimentError.invalidFile(path: path, reason: "\(where_): seed '\(f[6])' is not a non-negative integer")
            }
            guard let profile = Profile(rawValue: f[4]) else {
                throw ExperimentError.invalidFile(path: path, reason: "\(where_): profile '\(f[4])' is not one of "
                                                  + Profile.names.joined(separator: ", "))
            }
            let subset: Int?
            if f[5] == "all" { subset = nil } else if let n = Int(f[5]), n > 0 { subset = n } else {
                throw ExperimentError.invalidFile(path: path, reason: "\(where_): subset '\(f[5])' is neither 'all' nor a positive integer")
            }
            return Line(index: index, stage: f[1],
                        entry: GridEntry(experiment: f[2], variant: f[3], profile: profile, seed: seed, subsetSize: subset),
                        shard: f[7], runsFolder: f[8])
        }
    }

    /// The line of `index` (a Slurm array task id); throws naming the manifest.
    public func line(_ index: Int, path: String) throws -> Line {
        guard lines.indices.contains(index) else {
            throw ExperimentError.invalidFile(path: path, reason: "no entry \(index) (the manifest has 0...\(lines.count - 1))")
        }
        return lines[index]
    }

    /// The stages in order with their index ranges (each stage's lines are contiguous).
    public var stages: [(name: String, indices: ClosedRange<Int>)] {
        var out: [(name: String, indices: ClosedRange<Int>)] = []
        for l in lines {
            if let last = out.last, last.name == l.stage {
                out[out.count - 1].indices = last.indices.lowerBound...l.index
            } else {
                out.append((l.stage, l.index...l.index))
            }
        }
        return out
    }
}
