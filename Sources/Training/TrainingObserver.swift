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

/// An observer that prints only the log lines (for tests and quiet runs).
public final class LogLinesObserver: TrainingObserver {
    /// Every logged line, in order.
    public private(set) var lines: [String] = []
    private let echo: Bool

    public init(echo: Bool = false) { self.echo = echo }

    public func begin(phase: String, total: Int, start: Int) {}
    public func step(_ progress: TrainingProgress, detail: String) {}
    public func log(_ line: String) {
        lines.append(line)
        if echo { print(line) }
    }
    public func end(phase: String, total: Int) {}
}
