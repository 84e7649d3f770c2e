import EngineTestSupport
import Foundation
import Reports
import ResultsStore
import XCTest

/// The regression check against a stored baseline.
final class RegressionCheckTests: XCTestCase {
    private var folder: TemporaryFolder!
    override func setUpWithError() throws { folder = try TemporaryFolder("regress") }
    override func tearDown() { folder.remove() }

    private func addRun(_ store: ResultsStore, config: String, meanIoU: Double, road: Double, absRel: Double? = nil,
                        subset: String = "random:42") throws {
        let run = try store.insert(Run(experiment: "210", configName: config, profile: "smoke", seed: 42, subsetSize: 4,
                                       subsetIdentity: subset, configJSON: "{}", configHash: "h", datasetHash: "d",
                                       codeCommit: "c", codeDirty: false, threads: 2, machine: "m", startedAt: Date()))
        let depth = absRel.map { DepthMetricsRecord(evaluationId: 0, absRel: $0, sqRel: 1, rmse: 5, rmseLog: 0.2,
                                                     delta1: 0.8, delta2: 0.9, delta3: 0.95) }
        try store.record(Evaluation(runId: run.id!, step: 100, meanIoU: meanIoU, pixelAccuracy: 0.8),
                         classIoUs: [ClassIoU(evaluationId: 0, classId: 0, className: "road", iou: road)], depth: depth)
        try store.finish(runId: run.id!, status: .done)
    }

    func testCapturedBaselinePassesAndDriftFails() throws {
        let store = try ResultsStore(path: folder.path + "/r.db")
        try addRun(store, config: "scratch", meanIoU: 0.30, road: 0.90, absRel: 0.2)
        try addRun(store, config: "transfer", meanIoU: 0.35, road: 0.91)
        let baseline = try RegressionBaseline.capture(from: store, profile: "smoke")
        XCTAssertEqual(baseline.entries.map(\.config), ["scratch", "transfer"])
        XCTAssertEqual(baseline.entries[0].metrics["iou/road"], 0.90)
        XCTAssertEqual(baseline.entries[0].metrics["abs_rel"], 0.2)
        let path = folder.path + "/baseline.json"
        try baseline.write(path)
        XCTAssertEqual(try RegressionBaseline.read(path), baseline)
        XCTAssertTrue(try RegressionCheck(store: store, baseline: baseline).passed)

        // A newer transfer run: mIoU within tolerance (0.02), road IoU outside (0.05).
        try addRun(store, config: "transfer", meanIoU: 0.34, road: 0.80)
        let check = try RegressionCheck(store: store, baseline: baseline)
        XCTAssertFalse(check.passed)
        XCTAssertEqual(check.lines.filter(\.failed).map(\.metric), ["iou/road"])
        let table = check.table()
        XCTAssert(table.contains("OUT"), table)
        XCTAssert(table.contains("1 outside tolerance"), table)
    }

    func testMissingRunsAndMetricsFail() throws {
        let store = try ResultsStore(path: folder.path + "/r.db")
        try addRun(store, config: "scratch", meanIoU: 0.30, road: 0.90)
        var baseline = try RegressionBaseline.capture(from: store)
        baseline.entries.append(.init(experiment: "212", config: "mtl", profile: "smoke", seed: 42, subset: "random:42",
                                      step: 100, metrics: ["mean_iou": 0.4]))
        baseline.entries[0].metrics["abs_rel"] = 0.2  // the store's run has no depth metrics
        let check = try RegressionCheck(store: store, baseline: baseline)
        XCTAssertEqual(Set(check.lines.filter(\.failed).map(\.metric)), ["(run)", "abs_rel"])
        XCTAssertEqual(check.skippedRuns, [])

        // Checking only the stored runs leaves the missing 212 run out but still fails the metric.
        let partial = try RegressionCheck(store: store, baseline: baseline, onlyStoredRuns: true)
        XCTAssertEqual(partial.lines.filter(\.failed).map(\.metric), ["abs_rel"])
        XCTAssertEqual(partial.skippedRuns, ["212 mtl seed 42 random:42"])
        XCTAssert(partial.table().contains("1 baseline runs not in the database were left out"), partial.table())
        XCTAssertThrowsError(try RegressionBaseline.read(folder.path + "/none.json")) {
            XCTAssert("\($0)".contains("none.json"), "\($0)")
        }
    }

    func testRunOnAChangedSelectionIsComparedAndListed() throws {
        let store = try ResultsStore(path: folder.path + "/r.db")
        let before = "selection:ds_us:seed42:cfg1:named:4:namesA", after = "selection:ds_us:seed42:cfg1:named:4:namesB"
        try addRun(store, config: "sel_transfer_depthmix", meanIoU: 0.30, road: 0.90, subset: before)
        let baseline = try RegressionBaseline.capture(from: store)
        // A new store where the same selection (method, seed, configuration, size) picked
        // other images; a selection of another size is not its counterpart.
        let rerun = try ResultsStore(path: folder.path + "/rerun.db")
        try addRun(rerun, config: "sel_transfer_depthmix", meanIoU: 0.31, road: 0.91, subset: after)
        try addRun(rerun, config: "sel_transfer_depthmix", meanIoU: 0.50, road: 0.50,
                   subset: "selection:ds_us:seed42:cfg1:named:8:namesC")
        XCTAssertEqual(try RegressionCheck(store: store, baseline: baseline).changedSubsets, [])
        let check = try RegressionCheck(store: rerun, baseline: baseline)
        XCTAssertTrue(check.passed, check.table())
        XCTAssertEqual(check.lines.first { $0.metric == "mean_iou" }?.current, 0.31)
        XCTAssertEqual(check.changedSubsets, ["210 sel_transfer_depthmix seed 42 \(before) -> \(after)"])
        XCTAssert(check.table().contains("selected labels changed, compared anyway"), check.table())

        // Random subsets have no names hash: a different seed's subset never matches.
        let random = try ResultsStore(path: folder.path + "/random.db")
        try addRun(random, config: "scratch", meanIoU: 0.30, road: 0.90, subset: "random:4:seed42")
        let randomBaseline = try RegressionBaseline.capture(from: random)
        let other = try ResultsStore(path: folder.path + "/other.db")
        try addRun(other, config: "scratch", meanIoU: 0.30, road: 0.90, subset: "random:4:seed43")
        let missing = try RegressionCheck(store: other, baseline: randomBaseline)
        XCTAssertEqual(missing.lines.map(\.metric), ["(run)"])
        XCTAssertEqual(missing.changedSubsets, [])
    }

    func testToleranceOverridesReplaceDefaultsAndNameMistakes() throws {
        let t = try RegressionBaseline.tolerances(overriding: ["mean_iou=0.03", "iou/*=0.1"])
        XCTAssertEqual(t["mean_iou"], 0.03)
        XCTAssertEqual(t["iou/*"], 0.1)
        XCTAssertEqual(t["abs_rel"], RegressionBaseline.defaultTolerances["abs_rel"])
        let baseline = RegressionBaseline(tolerances: t, entries: [])
        XCTAssertEqual(baseline.tolerance(of: "iou/road"), 0.1)
        XCTAssertEqual(baseline.tolerance(of: "rmse"), 0.5)
        for bad in ["mean_iou", "mean_iou=x", "=0.1", "mean_iou=-1"] {
            XCTAssertThrowsError(try RegressionBaseline.tolerances(overriding: [bad])) {
                XCTAssert("\($0)".contains("'\(bad)'"), "\($0)")
            }
        }
    }
}
