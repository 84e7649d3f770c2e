import GRDB

/// The state of a run, stored as text in `run.status`.
public enum RunStatus: String, Codable, Sendable, DatabaseValueConvertible {
    /// Started and not finished (or killed: a later start resumes it).
    case running
    /// Finished; its evaluations are final.
    case done
    /// Stopped by an error; `message` says which.
    case failed
}
