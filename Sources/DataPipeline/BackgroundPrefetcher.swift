import Foundation

/// Produces items 0, 1, 2, ... on a background thread, up to `depth` ahead of the
/// consumer, and hands them out in order. Item i must depend only on i, so prefetching
/// never changes what the consumer sees. An error thrown while producing item i is
/// rethrown by the `next()` call that would have returned item i.
public final class BackgroundPrefetcher<Item>: @unchecked Sendable {
    private let produce: (Int) throws -> Item
    private let depth: Int
    private let condition = NSCondition()
    private var ready: [Int: Result<Item, Error>] = [:]
    private var nextToProduce: Int
    private var nextToConsume: Int
    private var stopped = false
    private var thread: Thread?

    /// Starts producing from item `start` (resumption) with `depth` items of lookahead.
    public init(start: Int = 0, depth: Int = 2, produce: @escaping (Int) throws -> Item) {
        precondition(depth >= 1, "BackgroundPrefetcher: depth must be at least 1")
        self.produce = produce
        self.depth = depth
        nextToProduce = start
        nextToConsume = start
        let thread = Thread { [weak self] in self?.run() }
        thread.name = "threeways.prefetch"
        thread.qualityOfService = .userInitiated
        self.thread = thread
        thread.start()
    }

    deinit { stop() }

    /// The next item in order, waiting for the background thread if needed.
    public func next() throws -> Item {
        condition.lock()
        defer { condition.unlock() }
        while ready[nextToConsume] == nil { condition.wait() }
        let result = ready.removeValue(forKey: nextToConsume)!
        nextToConsume += 1
        condition.broadcast()
        return try result.get()
    }

    /// Stops the background thread after the item it is working on.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while !stopped && nextToProduce >= nextToConsume + depth { condition.wait() }
            if stopped { condition.unlock(); return }
            let i = nextToProduce
            condition.unlock()

            let result = Result { try produce(i) }

            condition.lock()
            ready[i] = result
            nextToProduce += 1
            condition.broadcast()
            condition.unlock()
        }
    }
}
