import Cluster
import EngineTestSupport
import ExperimentTestSupport
import Foundation
import ResultsStore
import XCTest

/// `threeways grid`, `grid-task` and `merge` as Slurm would run them: the grid tasks
/// run as processes, merged, and compared with the same grid run by `threeways run`.
final class GridProcessTests: XCTestCase {
    /// The tasks of a grid as Slurm would run them (depth stage, then the runs, one
    /// process each, one shard each), merged, equal the same grid run by `threeways run`.
    func testGridTasksMergedEqualALocalRunAndStatusFollowsThem() throws {
        let configs = try ExperimentFixtures.configs("grid-task-configs")
        let work = try TemporaryFolder("grid-task")
        defer { configs.remove(); work.remove() }
        let tree = ExperimentFixtures.tree
        let out = work.path + "/out"
        let grid = try CLIProcess.run(["grid", "--experiment", "210", "--profile", "smoke", "--root", tree, "--configs",
                                       configs.path, "--slurm", out], log: work.path + "/grid.log")
        XCTAssertEqual(grid.status, 0, grid.output)
        XCTAssertTrue(grid.output.contains("stage runs: 2 task(s), manifest lines 1...2"), grid.output)
        for file in ["manifest.tsv", "1-depth.sbatch", "2-runs.sbatch", "3-merge.sbatch", "submit.sh"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + file), file)
        }
        let task = { (index: Int) in
            try CLIProcess.run(["grid-task", "--manifest", out + "/manifest.tsv", "--index", String(index), "--configs",
                                configs.path, "--root", tree], log: work.path + "/task\(index)-\(UUID().uuidString).log")
        }
        // The transfer run (index 2) before the depth stage: a clear failure, exit 1, nothing trained.
        let early = try task(2)
        XCTAssertEqual(early.status, 1, early.output)
        XCTAssertTrue(early.output.contains("depth.safetensors does not exist (run the depth stage first)"), early.output)
        // It could not start, so its shard records no run (Slurm records the task as failed).
        XCTAssertEqual(try GridStatus(manifestPath: out + "/manifest.tsv").entries.map(\.state), [.missing, .missing, .missing])

        for index in 0...2 {
            let result = try task(index)
            XCTAssertEqual(result.status, 0, result.output)
        }
        let again = try task(1)
        XCTAssertTrue(again.output.contains("already done"), again.output)
        XCTAssertEqual(try GridStatus(manifestPath: out + "/manifest.tsv").entries.map(\.state), [.done, .done, .done])

        let shards = try GridManifest(path: out + "/manifest.tsv").lines.map(\.shard)
        let merged = try CLIProcess.run(["merge", "--out", out + "/results.sqlite"] + shards, log: work.path + "/merge.log")
        XCTAssertEqual(merged.status, 0, merged.output)
        XCTAssertTrue(merged.output.contains("3 run(s) added, 0 replaced, 0 already there"), merged.output)
        let twice = try CLIProcess.run(["merge", "--out", out + "/results.sqlite"] + shards, log: work.path + "/merge2.log")
        XCTAssertTrue(twice.output.contains("0 run(s) added, 0 replaced, 3 already there"), twice.output)

        let local = try CLIProcess.run(["run", "--experiment", "210", "--profile", "smoke", "--root", tree, "--configs",
                                        configs.path, "--runs", work.path + "/local"], log: work.path + "/local.log")
        XCTAssertEqual(local.status, 0, local.output)
        let compare = try CLIProcess.run(["merge", "--compare", out + "/results.sqlite", work.path + "/local/results.sqlite"],
                                         log: work.path + "/compare.log")
        XCTAssertEqual(compare.status, 0, compare.output)
        XCTAssertEqual(try ResultsStore(path: out + "/results.sqlite").runs().map(\.configName).sorted(),
                       ["depth", "scratch", "transfer"])
    }
}
