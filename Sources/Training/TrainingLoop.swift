import DataPipeline
import TensorEngine

/// The one training loop: steps a task from a start step to the end of its schedule,
/// guards every loss term (`LossGuard`), writes checkpoints (model, optimiser, step) and
/// validates at the schedule's intervals, and reports progress after every step. The
/// data stream and every random draw are functions of the step, so a phase resumed
/// from its newest checkpoint continues bit-exactly.
public struct TrainingLoop {
    public let schedule: TrainingSchedule
    /// Where checkpoints go (nil: the task is not checkpointed, e.g. a selection student).
    public let checkpoints: CheckpointFolder?

    public init(schedule: TrainingSchedule, checkpoints: CheckpointFolder?) {
        self.schedule = schedule
        self.checkpoints = checkpoints
    }

    /// The step to start from: that of the task's newest checkpoint (restored into the
    /// task), or 0.
    public func resume(_ task: some TrainingTask) throws -> Int {
        guard let checkpoints, let checkpoint = try checkpoints.latest(phase: task.phase) else { return 0 }
        do {
            try task.restore(model: checkpoint.model, optimizer: checkpoint.optimizer)
        } catch {
            throw TrainingError.invalidCheckpoint(path: checkpoint.path, reason: "\(error)")
        }
        return checkpoint.step
    }

    /// Trains `task` from `start` to `schedule.iterations` on batches from `next()`
    /// (a stream positioned at `start`). `validate(step)` runs, in evaluation mode, at
    /// the validation interval and after the last step (nil: never); `progress` after
    /// every step. Returns the step timings.
    @discardableResult
    public func run(_ task: some TrainingTask, from start: Int, next: () throws -> TrainingBatch,
                    validate: ((Int) throws -> Void)? = nil,
                    progress: (TrainingProgress) throws -> Void = { _ in }) throws -> StepClock {
        var clock = StepClock()
        let total = schedule.iterations
        for step in start..<total {
            let losses = try task.trainingStep(try next(), at: step)
            for term in losses { try LossGuard.check(term.value, step: step, term: term.name) }
            clock.tick()
            let done = step + 1
            try progress(TrainingProgress(phase: task.phase, step: done, totalSteps: total, losses: losses,
                                          stepsPerSecond: clock.stepsPerSecond,
                                          secondsRemaining: clock.secondsFor(steps: total - done)))
            if let checkpoints, schedule.checkpoints(at: done) {
                let state = task.checkpointState()
                try checkpoints.save(phase: task.phase, step: done, model: state.model, optimizer: state.optimizer)
            }
            if let validate, schedule.validates(at: done) {
                task.setEvaluating(true)
                try validate(done)
                task.setEvaluating(false)
            }
        }
        return clock
    }

    /// `run` on a loader's batches.
    @discardableResult
    public func run(_ task: some TrainingTask, from start: Int, loader: TrainingLoader,
                    validate: ((Int) throws -> Void)? = nil,
                    progress: (TrainingProgress) throws -> Void = { _ in }) throws -> StepClock {
        try run(task, from: start, next: { try loader.next() }, validate: validate, progress: progress)
    }
}
