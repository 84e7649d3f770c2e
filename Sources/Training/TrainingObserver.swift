/// What a long-running job reports as it goes: phases with their step counts, the
/// progress of each step, and lines of text (validation results, notices). The CLI
/// draws progress bars from it; tests collect it.
public protocol TrainingObserver: AnyObject {
    /// A phase of `total` steps starts (or resumes) at step `start`.
    func begin(phase: String, total: Int, start: Int)
    /// A step finished; `detail` is a short loss and speed summary.
    func step(_ progress: TrainingProgress, detail: String)
    /// A line for the log (validation results, resumption notices).
    func log(_ line: String)
    /// The phase ended.
    func end(phase: String, total: Int)
}
