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
