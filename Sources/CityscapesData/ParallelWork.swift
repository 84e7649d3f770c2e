import Foundation

/// The error of the lowest-numbered failed item among items run in parallel, so the
/// error reported does not depend on thread timing.
final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: (index: Int, error: Error)?

    /// Whether item `index` need not run: an item before it has failed already. Items
    /// before the first failure still run, so the lowest failing index is always found.
    func canSkip(_ index: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return failure.map { index > $0.index } ?? false
    }

    /// Records the failure of item `index`.
    func record(_ error: Error, index: Int) {
        lock.lock()
        defer { lock.unlock() }
        if failure == nil || index < failure!.index { failure = (index, error) }
    }

    /// Throws the recorded error, if any.
    func rethrow() throws {
        lock.lock()
        let failure = self.failure
        lock.unlock()
        if let failure { throw failure.error }
    }
}

/// A thread-safe count of finished items.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// Adds one; returns the new count.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
