import Dispatch
import Foundation

/// Runs per-image work on several threads with a fixed split, so results never depend
/// on scheduling: images `0..<count` are cut into contiguous ranges, one per thread,
/// and results come back in image order. When images fail, the error of the
/// lowest-numbered failing image is thrown, whatever the thread count.
public enum ImageParallelism {
    /// THREEWAYS_THREADS when set to a positive integer, else the number of active cores.
    public static var defaultThreads: Int {
        if let text = ProcessInfo.processInfo.environment["THREEWAYS_THREADS"],
           let n = Int(text), n > 0 {
            return n
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `[body(0), body(1), ..., body(count - 1)]`, computed on up to `threads` threads.
    public static func map<Result: Sendable>(
        count: Int, threads: Int = defaultThreads,
        _ body: @Sendable (Int) throws -> Result
    ) throws -> [Result] {
        guard count > 0 else { return [] }
        let chunks = max(1, min(threads, count))
        let slots = ResultSlots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lo = count * chunk / chunks, hi = count * (chunk + 1) / chunks
            for i in lo..<hi {
                do {
                    slots.store(.success(try body(i)), at: i)
                } catch {
                    slots.store(.failure(error), at: i)
                    return  // later images of this chunk cannot fail earlier than i
                }
            }
        }
        return try slots.collect()
    }
}

/// One slot per image; each slot is written by exactly one thread.
private final class ResultSlots<Result>: @unchecked Sendable {
    private var slots: [Swift.Result<Result, Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ result: Swift.Result<Result, Error>, at index: Int) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// The results in order, or the first error in image order.
    func collect() throws -> [Result] {
        var results: [Result] = []
        results.reserveCapacity(slots.count)
        for slot in slots {
            switch slot {
            case .success(let value)?: results.append(value)
            case .failure(let error)?: throw error
            case nil: continue  // after a failure in the same chunk; an error comes first
            }
        }
        return results
    }
}
