import Experiments
import Foundation
import Training
#if canImport(Glibc)
import Glibc
#endif

/// Shows a job's phases as progress bars on standard error and its log lines on
/// standard output (line-buffered, so logs and CI see them as they happen).
final class ProgressBarObserver: TrainingObserver {
    private var bar: ProgressBar?
    private let interactive = isatty(STDERR_FILENO) != 0
    /// Prefix of every line and bar (e.g. the grid entry).
    var prefix = ""

    init() { setvbuf(stdout, nil, _IOLBF, 0) }

    func begin(phase: String, total: Int, start: Int) {
        bar = ProgressBar(label: prefix + phase, total: total, initial: start)
    }

    func step(_ progress: TrainingProgress, detail: String) {
        bar?.update(done: progress.step, detail: detail)
    }

    func log(_ line: String) {
        // End the bar's line on a terminal so the log line does not overwrite it.
        if bar != nil && interactive { FileHandle.standardError.write(Data("\n".utf8)) }
        print(prefix + line)
    }

    func end(phase: String, total: Int) {
        bar?.finish(done: total)
        bar = nil
    }
}
