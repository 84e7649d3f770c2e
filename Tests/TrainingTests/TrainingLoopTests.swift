import DataPipeline
import EngineTestSupport
import TensorEngine
import Training
import XCTest

/// The one training loop on a task small enough to follow by hand: a scalar that the
/// step moves by the batch's value, with an optimiser-state counter.
final class TrainingLoopTests: XCTestCase {
    /// w <- w + x for a batch holding x; its "loss" is w after the step; the optimiser
    /// state counts steps. A non-finite x gives a non-finite loss.
    final class Accumulator: TrainingTask {
        let phase = "accumulate"
        var w: Float = 0
        var steps: Float = 0
        var evaluating: [Bool] = []

        func trainingStep(_ batch: TrainingBatch, at step: Int) throws -> [(name: String, value: Float)] {
            w += batch.colors[0]!.scalars[0]
            steps += 1
            return [("total", w), ("steps", steps)]
        }
        func checkpointState() -> (model: [String: Tensor], optimizer: [String: Tensor]) {
            (["w": Tensor([w], shape: [1])], ["steps": Tensor([steps], shape: [1])])
        }
        func restore(model: [String: Tensor], optimizer: [String: Tensor]) throws {
            w = model["w"]!.scalars[0]
            steps = optimizer["steps"]!.scalars[0]
        }
        func setEvaluating(_ evaluating: Bool) { self.evaluating.append(evaluating) }
    }

    /// The batch of step s holds s + 1.
    static func batch(_ value: Float) -> TrainingBatch {
        TrainingBatch(names: ["x"], colors: [0: Tensor([value], shape: [1, 1, 1, 1])],
                      augmentedColors: [0: Tensor([value], shape: [1, 1, 1, 1])], labels: nil,
                      intrinsics: [], inverseIntrinsics: [])
    }

    func testScheduleValidatesAndCheckpointsAtIntervalsAndAtTheEnd() {
        let s = TrainingSchedule(iterations: 10, checkpointInterval: 4, validationInterval: 3)
        XCTAssertEqual((0...11).filter(s.validates(at:)), [3, 6, 9, 10])
        XCTAssertEqual((1...10).filter(s.checkpoints(at:)), [4, 8, 10])
        let endOnly = TrainingSchedule(iterations: 5, checkpointInterval: 0, validationInterval: 0)
        XCTAssertEqual((0...6).filter(endOnly.validates(at:)), [5])
        XCTAssertEqual((1...5).filter(endOnly.checkpoints(at:)), [1, 2, 3, 4, 5], "interval 0 saves every step")
    }

    func testRunsStepsValidatesInEvaluationModeAndResumesExactly() throws {
        let folder = try TemporaryFolder("loop")
        defer { folder.remove() }
        let schedule = TrainingSchedule(iterations: 6, checkpointInterval: 4, validationInterval: 3)
        let loop = TrainingLoop(schedule: schedule, checkpoints: try CheckpointFolder(path: folder.path,
                                                                                      configurationHash: "h"))
        let task = Accumulator()
        var step = 0
        var validated: [Int] = [], progressed: [Int] = []
        try loop.run(task, from: 0, next: { step += 1; return Self.batch(Float(step)) },
                     validate: { validated.append($0) }, progress: { progressed.append($0.step) })
        XCTAssertEqual(task.w, 21) // 1 + 2 + ... + 6
        XCTAssertEqual(validated, [3, 6])
        XCTAssertEqual(progressed, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(task.evaluating, [true, false, true, false])

        // A fresh task resumes from the newest checkpoint (step 6) with its state.
        let resumed = Accumulator()
        XCTAssertEqual(try loop.resume(resumed), 6)
        XCTAssertEqual(resumed.w, 21)
        XCTAssertEqual(resumed.steps, 6)

        // Interrupted at the step-4 checkpoint: resuming there gives the same end state.
        let shorter = TrainingLoop(schedule: TrainingSchedule(iterations: 4, checkpointInterval: 4, validationInterval: 0),
                                   checkpoints: try CheckpointFolder(path: folder.path + "/b", configurationHash: "h"))
        step = 0
        try shorter.run(Accumulator(), from: 0, next: { step += 1; return Self.batch(Float(step)) })
        let continued = Accumulator()
        let longer = TrainingLoop(schedule: schedule, checkpoints: shorter.checkpoints)
        let start = try longer.resume(continued)
        XCTAssertEqual(start, 4)
        step = start
        try longer.run(continued, from: start, next: { step += 1; return Self.batch(Float(step)) })
        XCTAssertEqual(continued.w, 21)
        XCTAssertEqual(continued.steps, 6)
    }

    func testANonFiniteTermStopsTheLoopBeforeItsCheckpoint() throws {
        let folder = try TemporaryFolder("loop-nan")
        defer { folder.remove() }
        let checkpoints = try CheckpointFolder(path: folder.path, configurationHash: "h")
        let loop = TrainingLoop(schedule: TrainingSchedule(iterations: 5, checkpointInterval: 1, validationInterval: 0),
                                checkpoints: checkpoints)
        var step = 0
        XCTAssertThrowsError(try loop.run(Accumulator(), from: 0, next: {
            step += 1
            return Self.batch(step == 3 ? .nan : 1)
        })) { error in
            guard case let .nonFiniteLoss(step, term, value)? = error as? TrainingError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(step, 2)
            XCTAssertEqual(term, "total")
            XCTAssertTrue(value.isNaN)
        }
        // Steps 1 and 2 were saved (the folder keeps the newest); step 3 was not.
        XCTAssertEqual(checkpoints.steps(phase: "accumulate"), [2])
    }

    func testWithoutCheckpointsNothingIsWrittenAndResumeStartsAtZero() throws {
        let loop = TrainingLoop(schedule: TrainingSchedule(iterations: 3, checkpointInterval: 1, validationInterval: 1),
                                checkpoints: nil)
        let task = Accumulator()
        XCTAssertEqual(try loop.resume(task), 0)
        try loop.run(task, from: 0, next: { Self.batch(2) })
        XCTAssertEqual(task.w, 6)
        XCTAssertEqual(task.evaluating, [], "no validation closure: no mode switches")
    }
}
