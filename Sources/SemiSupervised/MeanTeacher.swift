import TensorEngine

/// The mean teacher of the paper's semi-supervised segmentation: a second network of the
/// student's architecture whose parameters follow an exponential moving average of the
/// student's (reference: train.py, `create_ema_model` and `update_ema_variables`).
///
/// Parameters are passed as two lists paired element by element (same order, same
/// shapes; any shape, Float32 values in the parameters' own units), e.g. a network's
/// `parameters()` for the student and for the teacher.
///
/// Batch-norm buffers: as in the reference, only parameters are averaged (weights,
/// biases, and batch norm's affine gamma and beta). The running mean and variance are
/// neither copied from the student at creation nor averaged afterwards: the teacher keeps
/// its own, from its initialisation (the same checkpoint as the student) and from its own
/// forward passes. The reference puts the teacher in training mode at every step
/// (`self.ema_model.train()` in `train_step`), so the pseudo-labels come from a forward
/// pass that normalises with the unlabelled batch's own statistics and moves the
/// teacher's running statistics; dropout is active in that pass too.
public enum MeanTeacher {
    /// The decay the reference settles at (`alpha_teacher=0.99`).
    public static let maximumDecay: Double = 0.99

    /// The decay at `step`: min(1 - 1 / (step + 1), 0.99), so the teacher is the true mean
    /// of the student's iterates at first (0 at step 0, 0.5 at step 1, 0.75 at step 3) and
    /// an exponential average from step 99 on.
    ///
    /// The reference increments its step counter before the training step, so its first
    /// update uses step 1 (decay 0.5); a trainer counting steps from 0 passes `index + 1`
    /// to reproduce it.
    public static func decay(step: Int, maximum: Double = maximumDecay) -> Double {
        precondition(step >= 0, "MeanTeacher.decay: negative step \(step)")
        return Swift.min(1 - 1 / Double(step + 1), maximum)
    }

    /// Copies the student's parameters into the teacher (the reference's
    /// `create_ema_model`, which starts the teacher as an exact copy).
    public static func initialize(teacher: [Tensor], from student: [Tensor]) {
        checkPairs(teacher: teacher, student: student)
        for (t, s) in zip(teacher, student) { t.assign(s) }
    }

    /// teacher = alpha * teacher + (1 - alpha) * student, in place, element by element in
    /// Float32 with alpha = `decay(step:)`; both coefficients are rounded to Float32 from
    /// the Float64 alpha, as PyTorch does with the reference's Python scalars.
    /// Gradients are not involved: teacher tensors should not require them.
    public static func update(teacher: [Tensor], student: [Tensor], step: Int) {
        checkPairs(teacher: teacher, student: student)
        let alpha = decay(step: step)
        let keep = Float(alpha), take = Float(1 - alpha)
        for (t, s) in zip(teacher, student) {
            let tp = t.data, sp = s.data
            Parallel.forEachChunk(t.count, grain: 16_384) { _, range in
                for j in range { tp[j] = keep * tp[j] + take * sp[j] }
            }
        }
    }

    private static func checkPairs(teacher: [Tensor], student: [Tensor]) {
        precondition(teacher.count == student.count,
                     "MeanTeacher: \(teacher.count) teacher and \(student.count) student parameters")
        for (i, (t, s)) in zip(teacher, student).enumerated() {
            precondition(t.shape == s.shape, "MeanTeacher: parameter \(i): teacher \(t.shape), student \(s.shape)")
            precondition(t !== s, "MeanTeacher: parameter \(i) is the same tensor in teacher and student")
        }
    }
}
