import EngineTestSupport
import ExperimentTestSupport
import Foundation
import GRDB
import ResultsStore
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The `threeways run` command as separate processes: killed with SIGKILL mid-run and
/// started again, and two runners sharing one database and runs folder.
final class RunnerProcessTests: XCTestCase {
    private func runArguments(configs: String, work: String) -> [String] {
        ["run", "--experiment", "210", "--profile", "smoke", "--root", ExperimentFixtures.tree,
         "--configs", configs, "--runs", work + "/runs", "--db", work + "/results.sqlite"]
    }

    private func runToEnd(configs: String, work: String) throws {
        let process = try CLIProcess.launch(runArguments(configs: configs, work: work), log: work + "/log-\(UUID().uuidString).txt")
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, logs(work))
    }

    private func logs(_ work: String) -> String {
        ((try? FileManager.default.contentsOfDirectory(atPath: work)) ?? []).filter { $0.hasPrefix("log") }.sorted()
            .map { (try? String(contentsOfFile: work + "/" + $0, encoding: .utf8)) ?? "" }.joined(separator: "\n")
    }

    /// Per run key: status and (step, mIoU or abs_rel) of every evaluation; per table: rows.
    private func contents(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            let runs = try Row.fetchAll(db, sql: "SELECT id, experiment, config_name, seed, status FROM run ORDER BY experiment, config_name")
            var lines: [String] = []
            for run in runs {
                let id: Int64 = run["id"]
                let evaluations = try Row.fetchAll(db, sql: """
                    SELECT e.step, e.mean_iou, d.abs_rel,
                           (SELECT group_concat(coalesce(iou, -1)) FROM class_iou WHERE evaluation_id = e.id) AS ious
                    FROM evaluation e LEFT JOIN depth_metrics d ON d.evaluation_id = e.id
                    WHERE e.run_id = ? ORDER BY e.step
                    """, arguments: [id])
                let losses = try Row.fetchAll(db, sql: "SELECT phase, step, name, value FROM loss WHERE run_id = ? ORDER BY phase, step, name",
                                              arguments: [id])
                lines.append("\(run["experiment"] as String)/\(run["config_name"] as String)/\(run["seed"] as Int): \(run["status"] as String)")
                lines += evaluations.map { "  eval \($0["step"] as Int) \($0["mean_iou"] as Double? ?? -1) \($0["abs_rel"] as Double? ?? -1) \($0["ious"] as String? ?? "")" }
                lines += losses.map { "  loss \($0["phase"] as String) \($0["step"] as Int) \($0["name"] as String) \($0["value"] as Double)" }
            }
            return lines
        }
    }

    /// Evaluations in the database, read-only (0 before the runner has created it).
    private func evaluationCount(_ path: String) -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        var configuration = Configuration()
        configuration.readonly = true
        return (try? DatabaseQueue(path: path, configuration: configuration).read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM evaluation")
        }).flatMap { $0 } ?? 0
    }

    func testARunKilledWithSIGKILLAndStartedAgainMatchesAnUninterruptedOne() throws {
        let configs = try ExperimentFixtures.configs("kill-configs", segmentation: ExperimentFixtures.segmentationYAML(
            iterations: 40, checkpointEvery: 4, validateEvery: 10, semiSupervised: true))
        let reference = try TemporaryFolder("kill-reference"), killed = try TemporaryFolder("kill-killed")
        defer { configs.remove(); reference.remove(); killed.remove() }
        try runToEnd(configs: configs.path, work: reference.path)

        // Kill at a few points: during depth pretraining, then during segmentation.
        var kills = 0
        for waitForEvaluations in [1, 4, 6] {
            let process = try CLIProcess.launch(runArguments(configs: configs.path, work: killed.path),
                                     log: killed.path + "/log-kill\(waitForEvaluations).txt")
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning && Date() < deadline {
                if evaluationCount(killed.path + "/results.sqlite") >= waitForEvaluations { break }
                usleep(2_000)
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        XCTAssertGreaterThan(kills, 0, "every run finished before it could be killed")
        try runToEnd(configs: configs.path, work: killed.path)

        let expected = try contents(reference.path + "/results.sqlite")
        let found = try contents(killed.path + "/results.sqlite")
        XCTAssertEqual(found, expected, "killed \(kills) times\n" + (logs(killed.path)))
        for variant in ["transfer", "classmix", "depthmix"] {
            XCTAssertTrue(expected.contains { $0.hasPrefix("210/\(variant)/42: done") }, expected.joined(separator: "\n"))
        }
        // The semi-supervised runs logged their pseudo-label loss at every step.
        XCTAssertTrue(expected.contains { $0.contains("loss segmentation 40 pseudo_label") }, expected.joined(separator: "\n"))
    }

    func testTwoRunnersSharingADatabaseBothSucceedAndTrainEachRunOnce() throws {
        let configs = try ExperimentFixtures.configs("shared-configs")
        let work = try TemporaryFolder("shared-work")
        defer { configs.remove(); work.remove() }
        let a = try CLIProcess.launch(runArguments(configs: configs.path, work: work.path), log: work.path + "/log-a.txt")
        let b = try CLIProcess.launch(runArguments(configs: configs.path, work: work.path), log: work.path + "/log-b.txt")
        a.waitUntilExit()
        b.waitUntilExit()
        XCTAssertEqual(a.terminationStatus, 0, logs(work.path))
        XCTAssertEqual(b.terminationStatus, 0, logs(work.path))
        let store = try ResultsStore(path: work.path + "/results.sqlite")
        let runs = try store.runs()
        XCTAssertEqual(runs.map(\.configName).sorted(), ["depth", "scratch", "transfer"], logs(work.path))
        XCTAssertTrue(runs.allSatisfy { $0.status == .done })
        XCTAssertFalse(logs(work.path).contains("locked"))
    }
}
