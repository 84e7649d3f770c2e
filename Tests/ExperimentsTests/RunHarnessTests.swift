import DataPipeline
import EngineTestSupport
@testable import Experiments
import Foundation
import ResultsStore
import TensorEngine
import Training
import XCTest

/// The run harness around every job: losses logged about 50 times per phase at
/// run-wide steps, the phase timed, a failed write an error rather than a dropped row,
/// and a validation a killed run missed done again on resumption.
final class RunHarnessTests: XCTestCase {
    /// w <- w + 1 per step; its loss is w.
    final class Counter: TrainingTask {
        let phase = "count"
        var w: Float = 0
        func trainingStep(_ batch: TrainingBatch, at step: Int) throws -> [(name: String, value: Float)] {
            w += 1
            return [("total", w)]
        }
        func checkpointState() -> (model: [String: Tensor], optimizer: [String: Tensor]) {
            (["w": Tensor([w], shape: [1])], [:])
        }
        func restore(model: [String: Tensor], optimizer: [String: Tensor]) throws { w = model["w"]!.scalars[0] }
        func setEvaluating(_ evaluating: Bool) {}
    }

    static let batch = TrainingBatch(names: ["x"], colors: [0: Tensor([0], shape: [1, 1, 1, 1])],
                                     augmentedColors: [0: Tensor([0], shape: [1, 1, 1, 1])], labels: nil,
                                     intrinsics: [], inverseIntrinsics: [])

    private func newRun(_ store: ResultsStore) throws -> Int64 {
        try store.insert(Run(experiment: "t", configName: "c", profile: "smoke", seed: 1, subsetSize: nil,
                             subsetIdentity: "all", configJSON: "{}", configHash: "h", datasetHash: "d",
                             codeCommit: "x", codeDirty: false, threads: 1, machine: "m", startedAt: Date())).id!
    }

    func testLossesAreRecordedAtRunWideStepsAndThePhaseIsTimed() throws {
        let folder = try TemporaryFolder("harness")
        defer { folder.remove() }
        let store = try ResultsStore(path: folder.path + "/results.sqlite")
        let runId = try newRun(store)
        let harness = RunHarness(observer: LogLinesObserver(), recorder: RunRecorder(store: store, runId: runId))
        let loop = TrainingLoop(schedule: TrainingSchedule(iterations: 100, checkpointInterval: 50, validationInterval: 0),
                                checkpoints: try CheckpointFolder(path: folder.path + "/run", configurationHash: "h"))
        var validated: [Int] = []
        try harness.train(Counter(), loop: loop,
                          phase: HarnessPhase(display: "count", losses: "count1", timing: "counting", stepOffset: 1000),
                          batchSize: 1, batches: { _ in { Self.batch } }, validate: { validated.append($0) },
                          detail: { _ in "" })
        let losses = try store.losses(runId: runId)
        XCTAssertEqual(losses.count, 50, "every 100 / 50 = 2 steps")
        XCTAssertEqual(losses.first?.step, 1002)
        XCTAssertEqual(losses.last?.step, 1100)
        XCTAssertEqual(losses.last?.value, 100)
        XCTAssertEqual(Set(losses.map(\.phase)), ["count1"])
        XCTAssertEqual(try store.timings(runId: runId).map(\.phase), ["counting"])
        XCTAssertEqual(validated, [100])

        // Resumed at the end with no evaluation recorded for it: validated again.
        let resumed = Counter()
        try harness.train(resumed, loop: loop,
                          phase: HarnessPhase(display: "count", losses: "count1", timing: "counting", stepOffset: 1000),
                          batchSize: 1, batches: { _ in { Self.batch } }, validate: { validated.append($0) },
                          detail: { _ in "" })
        XCTAssertEqual(resumed.w, 100)
        XCTAssertEqual(validated, [100, 100])
    }

    func testAFailedLossWriteStopsTheRun() throws {
        let folder = try TemporaryFolder("harness-readonly")
        defer { folder.remove() }
        let path = folder.path + "/results.sqlite"
        let runId = try newRun(try ResultsStore(path: path))
        let readOnly = try ResultsStore.openExisting(path: path)
        let harness = RunHarness(observer: LogLinesObserver(), recorder: RunRecorder(store: readOnly, runId: runId))
        let loop = TrainingLoop(schedule: TrainingSchedule(iterations: 10, checkpointInterval: 0, validationInterval: 0),
                                checkpoints: nil)
        let task = Counter()
        XCTAssertThrowsError(try harness.train(task, loop: loop,
                                               phase: HarnessPhase(display: "count", losses: "count", timing: "count"),
                                               batchSize: 1, batches: { _ in { Self.batch } }, validate: { _ in },
                                               detail: { _ in "" }))
        XCTAssertEqual(task.w, 1, "stopped at the first loss write (steps 10 / 50 -> every step)")
    }
}
