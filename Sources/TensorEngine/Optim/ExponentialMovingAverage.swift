/// An exponential moving average of a student's parameters held in a teacher of the same
/// architecture: the mean teacher of the paper's semi-supervised training.
///
/// Only the listed tensors are averaged (the reference averages parameters, not batch
/// norm buffers). Teacher tensors should not require gradients.
public final class ExponentialMovingAverage {
    public let student: [Tensor]
    public let teacher: [Tensor]

    /// Pairs `student[i]` with `teacher[i]`; their shapes must match.
    public init(student: [Tensor], teacher: [Tensor]) {
        precondition(student.count == teacher.count,
                     "ExponentialMovingAverage: \(student.count) student and \(teacher.count) teacher tensors")
        for (i, (s, t)) in zip(student, teacher).enumerated() {
            precondition(s.shape == t.shape, "ExponentialMovingAverage: tensor \(i): student \(s.shape), teacher \(t.shape)")
        }
        self.student = student
        self.teacher = teacher
    }

    /// Copies the student into the teacher (the reference's create_ema_model).
    public func copyStudentToTeacher() {
        for (s, t) in zip(student, teacher) { t.assign(s) }
    }

    /// teacher = decay * teacher + (1 - decay) * student, in place, element by element in Float32.
    public func update(decay: Float) {
        let keep = decay, take = 1 - decay
        for (s, t) in zip(student, teacher) {
            let sp = s.data, tp = t.data
            Parallel.forEachChunk(t.count, grain: Parallel.minimumGrain) { _, r in
                for j in r { tp[j] = keep * tp[j] + take * sp[j] }
            }
        }
    }

    /// The reference's teacher decay at training step `step` (0-based):
    /// min(1 - 1 / (step + 1), maxDecay), so the teacher starts as the true average of the
    /// student's iterates (0 at step 0, 0.5 at step 1) and settles at `maxDecay`.
    public static func meanTeacherDecay(step: Int, maxDecay: Float = 0.99) -> Float {
        precondition(step >= 0, "meanTeacherDecay: negative step \(step)")
        return Swift.min(Float(1 - 1 / Double(step + 1)), maxDecay)
    }
}
