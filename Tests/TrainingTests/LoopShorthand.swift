import DataPipeline
import TensorEngine
import Training

/// Tests drive each trainer through its own `TrainingLoop` with these shorthands.
protocol LoopedTask: TrainingTask {
    var loop: TrainingLoop { get }
}

extension SegmentationTrainer: LoopedTask {}
extension DepthPretrainer: LoopedTask {}
extension MultiTaskTrainer: LoopedTask {}

extension LoopedTask {
    /// Trains from `start` to the end of the schedule (validation a no-op).
    @discardableResult
    func train(from start: Int, loader: TrainingLoader,
               progress: (TrainingProgress) throws -> Void = { _ in }) throws -> StepClock {
        try loop.run(self, from: start, loader: loader, validate: { _ in }, progress: progress)
    }

    /// The step of the newest checkpoint (restored), or 0.
    func resume() throws -> Int { try loop.resume(self) }
}

extension TrainingProgress {
    /// The loss term named `name` (0 when absent).
    func term(_ name: String) -> Float { losses.first { $0.name == name }?.value ?? 0 }
}
