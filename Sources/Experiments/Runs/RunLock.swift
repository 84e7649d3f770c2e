import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock on a run's folder (`flock` on FOLDER/.lock), so two
/// runner processes never train the same run at once. The kernel releases it when
/// the process ends, even by kill -9, so a stale lock cannot block a restart.
public final class RunLock {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock; without `wait`, nil when another process holds it, with `wait`
    /// after that process lets go.
    public init?(folder: String, wait: Bool = false) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ExperimentError.invalidFile(path: path, reason: "cannot open the run lock: \(String(cString: strerror(errno)))")
        }
        guard flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
