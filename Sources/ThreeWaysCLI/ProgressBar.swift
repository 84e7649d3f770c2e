import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress bar with elapsed time and ETA, written to standard error.
///
/// On a terminal it redraws one line in place (with \r, at most ten times a second);
/// otherwise (logs, CI) it prints a plain line at every tenth of the work. Safe to
/// update from any thread.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let total: Int
    /// Units already done when the bar started (a resumed run): rates count from here.
    private let initial: Int
    private var detail = ""
    private let interactive: Bool
    private let start = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var lastDecile = 0
    private var finished = false

    /// Bar cells in the drawn line.
    private static let width = 30

    init(label: String, total: Int, initial: Int = 0) {
        self.label = label
        self.total = max(1, total)
        self.initial = max(0, min(initial, total))
        interactive = isatty(STDERR_FILENO) != 0
    }

    /// Records that `done` of the `total` units are finished; `detail` (e.g. the loss
    /// and steps per second) is shown after the bar.
    func update(done: Int, detail: String? = nil) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        if let detail { self.detail = detail }
        let now = Date()
        if interactive {
            if done < total && now.timeIntervalSince(lastDraw) < 0.1 { return }
            lastDraw = now
            emit("\r" + line(done: done, now: now) + "\u{1B}[K")
        } else {
            let decile = done * 10 / total
            guard decile > lastDecile else { return }
            lastDecile = decile
            emit(line(done: done, now: now) + "\n")
        }
    }

    /// Draws the final state and ends the line.
    func finish(done: Int) {
        update(done: done)
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        finished = true
        if interactive { emit("\r" + line(done: done, now: Date()) + "\u{1B}[K\n") }
    }

    private func line(done: Int, now: Date) -> String {
        let fraction = Double(min(done, total)) / Double(total)
        let filled = Int((fraction * Double(Self.width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: Self.width - filled)
        let elapsed = now.timeIntervalSince(start)
        var text = "\(label) [\(bar)] \(done)/\(total) \(Int((fraction * 100).rounded(.down)))% "
            + Self.clock(elapsed)
        if done > initial && done < total {
            text += ", ETA " + Self.clock(elapsed / Double(done - initial) * Double(total - done))
        }
        return detail.isEmpty ? text : text + "  " + detail
    }

    /// "42s", "3m05s", "1h02m".
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + String(format: "%02d", s % 60) + "s" }
        return "\(s / 3600)h" + String(format: "%02d", (s % 3600) / 60) + "m"
    }

    private func emit(_ text: String) {
        FileHandle.standardError.write(Foundation.Data(text.utf8))
    }
}
