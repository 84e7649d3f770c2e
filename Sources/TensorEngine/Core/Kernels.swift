/// Flat loops over contiguous Float32 buffers shared by many operators.
///
/// Each loop is written over raw pointers so the compiler vectorises it, and is split
/// across `Parallel.threads` in fixed ranges once it is large enough to pay for it.
public enum Kernels {
    /// y[i] += x[i]
    @inlinable
    public static func addInPlace(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        Parallel.forEachChunk(count) { _, r in
            var i = r.lowerBound
            while i + 8 <= r.upperBound { storeLanes(loadLanes(y + i) + loadLanes(x + i), y + i); i += 8 }
            while i < r.upperBound { y[i] += x[i]; i += 1 }
        }
    }

    /// out[i] = a[i] + b[i]
    @inlinable
    public static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                           _ out: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forEachChunk(count) { _, r in
            var i = r.lowerBound
            while i + 8 <= r.upperBound { storeLanes(loadLanes(a + i) + loadLanes(b + i), out + i); i += 8 }
            while i < r.upperBound { out[i] = a[i] + b[i]; i += 1 }
        }
    }

    /// y[i] *= s
    @inlinable
    public static func scaleInPlace(_ y: UnsafeMutablePointer<Float>, _ s: Float, count: Int) {
        Parallel.forEachChunk(count) { _, r in
            var i = r.lowerBound
            while i + 8 <= r.upperBound { storeLanes(loadLanes(y + i) * s, y + i); i += 8 }
            while i < r.upperBound { y[i] *= s; i += 1 }
        }
    }

    /// out[i] = a[i] * s
    @inlinable
    public static func scale(_ a: UnsafePointer<Float>, _ s: Float, _ out: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forEachChunk(count) { _, r in
            var i = r.lowerBound
            while i + 8 <= r.upperBound { storeLanes(loadLanes(a + i) * s, out + i); i += 8 }
            while i < r.upperBound { out[i] = a[i] * s; i += 1 }
        }
    }

    /// out[i] = a[i] + s
    @inlinable
    public static func addScalar(_ a: UnsafePointer<Float>, _ s: Float, _ out: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forEachChunk(count) { _, r in
            var i = r.lowerBound
            while i + 8 <= r.upperBound { storeLanes(loadLanes(a + i) + s, out + i); i += 8 }
            while i < r.upperBound { out[i] = a[i] + s; i += 1 }
        }
    }

    /// out[i] = s / a[i]
    @inlinable
    public static func divide(_ s: Float, by a: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forEachChunk(count) { _, r in
            var i = r.lowerBound
            while i + 8 <= r.upperBound { storeLanes(s / loadLanes(a + i), out + i); i += 8 }
            while i < r.upperBound { out[i] = s / a[i]; i += 1 }
        }
    }

    /// out[i] = a[i] * b[i]
    @inlinable
    public static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                _ out: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forEachChunk(count) { _, r in
            var i = r.lowerBound
            while i + 8 <= r.upperBound { storeLanes(loadLanes(a + i) * loadLanes(b + i), out + i); i += 8 }
            while i < r.upperBound { out[i] = a[i] * b[i]; i += 1 }
        }
    }

    /// out[i] = -a[i] * b[i] / c[i]
    @inlinable
    public static func negatedProductQuotient(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                              _ c: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                                              count: Int) {
        Parallel.forEachChunk(count) { _, r in
            var i = r.lowerBound
            while i + 8 <= r.upperBound {
                storeLanes(-loadLanes(a + i) * loadLanes(b + i) / loadLanes(c + i), out + i)
                i += 8
            }
            while i < r.upperBound { out[i] = -a[i] * b[i] / c[i]; i += 1 }
        }
    }

    /// Sum of `count` values accumulated in Float64 in a fixed order (deterministic
    /// for a given thread count).
    @inlinable
    public static func sum(_ a: UnsafePointer<Float>, count: Int) -> Double {
        let chunks = Parallel.chunkCount(count)
        if chunks <= 1 { return sumSerial(a, count) }
        var partial = [Double](repeating: 0, count: chunks)
        partial.withUnsafeMutableBufferPointer { p in
            let pp = p.baseAddress!
            Parallel.forEachChunk(count) { c, r in pp[c] = sumSerial(a + r.lowerBound, r.count) }
        }
        return partial.reduce(0, +)
    }

    /// Serial Float64 sum in 8 interleaved lanes (vectorises, fixed order).
    @inlinable
    public static func sumSerial(_ a: UnsafePointer<Float>, _ count: Int) -> Double {
        var lanes = SIMD8<Double>()
        var i = 0
        while i + 8 <= count {
            let v = SIMD8<Float>(a[i], a[i + 1], a[i + 2], a[i + 3], a[i + 4], a[i + 5], a[i + 6], a[i + 7])
            lanes += SIMD8<Double>(v)
            i += 8
        }
        var total = lanes.sum()
        while i < count { total += Double(a[i]); i += 1 }
        return total
    }

    /// Sum of squares in Float64 (deterministic for a given thread count).
    @inlinable
    public static func sumOfSquares(_ a: UnsafePointer<Float>, count: Int) -> Double {
        let chunks = Parallel.chunkCount(count)
        var partial = [Double](repeating: 0, count: max(chunks, 1))
        partial.withUnsafeMutableBufferPointer { p in
            let pp = p.baseAddress!
            Parallel.forEachChunk(count) { c, r in
                var s = 0.0
                for i in r { let v = Double(a[i]); s += v * v }
                pp[c] = s
            }
        }
        return partial.reduce(0, +)
    }
}
