import DataPipeline
import TensorEngine

/// One trainable task as `TrainingLoop` drives it: an optimisation step on a batch, the
/// state a checkpoint holds, and the switch between training and evaluation mode around
/// validation. The depth pretrainer, the segmentation and multi-task trainers and the
/// data-selection students are tasks; the loop around them is written once.
public protocol TrainingTask: AnyObject {
    /// Checkpoint and progress name of the phase, e.g. "depth1" or "segmentation".
    var phase: String { get }

    /// One optimisation step on `batch` at zero-based `step`; returns the loss terms by
    /// name, the total first. Throws `TrainingError` before updating anything when a
    /// term is not finite.
    func trainingStep(_ batch: TrainingBatch, at step: Int) throws -> [(name: String, value: Float)]

    /// The model and optimiser state a checkpoint holds.
    func checkpointState() -> (model: [String: Tensor], optimizer: [String: Tensor])

    /// Restores a state written by `checkpointState()`.
    func restore(model: [String: Tensor], optimizer: [String: Tensor]) throws

    /// Evaluation mode (true) for validation, training mode (false) after it.
    func setEvaluating(_ evaluating: Bool)
}
