import DataPipeline
import Foundation
import TensorEngine
import Training

/// What the run harness calls one training phase of a job, in its progress display,
/// its records and its log.
struct HarnessPhase {
    /// Progress-bar and log name, e.g. "segmentation" or "depth phase 1".
    var display: String
    /// Phase name of the recorded loss rows, e.g. "segmentation" or "depth1".
    var losses: String
    /// Phase name of the recorded timing row, e.g. "segmentation" or "depth phase 1".
    var timing: String
    /// Added to the phase's own steps in records (run-wide steps across phases).
    var stepOffset: Int = 0
}

/// The one harness every job runs its training phases in: resume from the newest
/// checkpoint, validate again a step whose validation a killed run missed, train with
/// progress, record the losses about 50 times per phase (a failed write is an error,
/// not a dropped row), time the phase, and record the final network file.
struct RunHarness {
    let observer: TrainingObserver
    let recorder: RunRecorder?

    /// Trains `task` on `loop` to the end of its schedule (resuming where a checkpoint
    /// exists). `batches(start)` makes the batch stream positioned at `start`;
    /// `validate(step)` records and logs a validation at the phase's own step;
    /// `detail` is the progress line's summary of a step.
    func train(_ task: some TrainingTask, loop: TrainingLoop, phase: HarnessPhase, batchSize: Int,
               batches: (Int) throws -> () throws -> TrainingBatch, validate: @escaping (Int) throws -> Void,
               detail: @escaping (TrainingProgress) -> String) throws {
        let total = loop.schedule.iterations
        let start = try loop.resume(task)
        if start > 0 {
            observer.log("\(phase.display): resuming from step \(start) of \(total)")
            // A run killed between a checkpoint and the validation of that step.
            if let recorder, loop.schedule.validates(at: start),
               try !recorder.store.hasEvaluation(runId: recorder.runId, step: phase.stepOffset + start) {
                task.setEvaluating(true)
                try validate(start)
                task.setEvaluating(false)
            }
        }
        guard start < total else { return }
        let next = try batches(start)
        observer.begin(phase: phase.display, total: total, start: start)
        let logEvery = max(1, total / 50)
        let began = MonotonicClock.seconds()
        let clock = try loop.run(task, from: start, next: next, validate: validate, progress: { p in
            observer.step(p, detail: detail(p))
            if p.step % logEvery == 0 || p.step == p.totalSteps {
                try recorder?.record(phase: phase.losses, step: phase.stepOffset + p.step, losses: p.losses)
            }
        })
        observer.end(phase: phase.display, total: total)
        try recorder?.record(phase: phase.timing, wallSeconds: MonotonicClock.seconds() - began, clock: clock,
                             batchSize: batchSize)
    }

    /// Writes the final network with `save` and records the file as the run's artifact.
    func finish(writing path: String, _ save: () throws -> Void) throws {
        try save()
        try recorder?.record(artifact: path, kind: "checkpoint")
    }
}
