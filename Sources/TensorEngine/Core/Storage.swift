#if canImport(Glibc)
import Glibc
import CBLAS
#elseif canImport(Darwin)
import Darwin
#endif

/// A contiguous, 64-byte aligned buffer of `count` Float32 values.
///
/// Tensors share storages only where an operation is a pure view of its input
/// (`reshape`); every other operation writes a fresh storage. Memory is released
/// when the last tensor referring to it goes away.
public final class Storage {
    /// First element. Valid for `count` elements for the life of the storage.
    public let pointer: UnsafeMutablePointer<Float>
    /// Number of Float32 elements.
    public let count: Int

    /// Uninitialised storage of `count` elements.
    public init(uninitializedCount count: Int) {
        Storage.configureAllocatorOnce
        self.count = count
        var raw: UnsafeMutableRawPointer?
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        guard posix_memalign(&raw, 64, bytes) == 0, let raw else {
            fatalError("TensorEngine: out of memory allocating \(bytes) bytes")
        }
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Storage of `count` elements, each set to `value`.
    public convenience init(count: Int, repeating value: Float) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: value, count: count)
    }

    deinit { free(pointer) }

    /// The elements as a buffer pointer (no copy).
    @inlinable public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: pointer, count: count)
    }

    /// Keeps freed tensor buffers in the heap instead of returning them to the kernel
    /// with munmap: training allocates and frees the same sizes every step, and fresh
    /// pages cost a page fault each.
    private static let configureAllocatorOnce: Void = {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20) // glibc's maximum
        _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
        #endif
    }()
}
