#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A learning-rate factor as a function of the training step (0 for the first step),
/// as torch.optim.lr_scheduler with `last_epoch` = step. The trainer applies it with
/// `optimizer.learningRateFactor = schedule.factor(at: step)` before `optimizer.step()`,
/// so every group runs at `group.learningRate * factor`.
public enum LearningRateSchedule: Equatable, Sendable {
    /// factor 1.
    case constant
    /// gamma^(step / stepSize) (integer division), as StepLR.
    case step(stepSize: Int, gamma: Float)
    /// gamma^(number of milestones <= step), as MultiStepLR.
    case multiStep(milestones: [Int], gamma: Float)
    /// max(minFactor, (1 - step / maxSteps)^power), as the reference's "poly_lr_2"
    /// (LambdaLR with a 1e-6 floor); steps past maxSteps give minFactor.
    case poly(maxSteps: Int, power: Float, minFactor: Float = 1e-6)

    /// The multiplier of every base learning rate at `step`.
    public func factor(at step: Int) -> Float {
        precondition(step >= 0, "LearningRateSchedule: negative step \(step)")
        switch self {
        case .constant:
            return 1
        case let .step(stepSize, gamma):
            precondition(stepSize > 0, "LearningRateSchedule.step: stepSize must be positive")
            return Float(pow(Double(gamma), Double(step / stepSize)))
        case let .multiStep(milestones, gamma):
            let passed = milestones.filter { $0 <= step }.count
            return Float(pow(Double(gamma), Double(passed)))
        case let .poly(maxSteps, power, minFactor):
            precondition(maxSteps > 0, "LearningRateSchedule.poly: maxSteps must be positive")
            let remaining = Swift.max(0, 1 - Double(step) / Double(maxSteps))
            return Swift.max(minFactor, Float(pow(remaining, Double(power))))
        }
    }
}
