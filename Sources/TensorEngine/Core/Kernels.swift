/// Flat loops over contiguous Float32 buffers shared by many operators.
///
/// Each loop is written over raw pointers so the compiler vectorises it, and is split
/// across `Parallel.threads` in fixed ranges once it is large enough to pay for it.
public enum Kernels {
    /// y[i] += x[i]
    @inlinable
    public static func addInPlace(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        Parallel.forEachChunk(count) { _, r in
            for i in r { y[i] += x[i] }
        }
    }

    /// out[i] = a[i] + b[i]
    @inlinable
    public static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                           _ out: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forEachChunk(count) { _, r in
            for i in r { out[i] = a[i] + b[i] }
        }
    }

    /// y[i] *= s
    @inlinable
    public static func scaleInPlace(_ y: UnsafeMutablePointer<Float>, _ s: Float, count: Int) {
        Parallel.forEachChunk(count) { _, r in
            for i in r { y[i] *= s }
        }
    }

    /// out[i] = f(a[i]) for a unary function the compiler can inline.
    @inlinable
    public static func map(_ a: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                           count: Int, _ f: (Float) -> Float) {
        Parallel.forEachChunk(count, grain: 16_384) { _, r in
            for i in r { out[i] = f(a[i]) }
        }
    }

    /// out[i] = f(a[i], b[i]).
    @inlinable
    public static func zip(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                           _ out: UnsafeMutablePointer<Float>, count: Int,
                           _ f: (Float, Float) -> Float) {
        Parallel.forEachChunk(count, grain: 16_384) { _, r in
            for i in r { out[i] = f(a[i], b[i]) }
        }
    }

    /// out[i] = f(a[i], b[i], c[i]).
    @inlinable
    public static func zip3(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                            _ c: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                            count: Int, _ f: (Float, Float, Float) -> Float) {
        Parallel.forEachChunk(count, grain: 16_384) { _, r in
            for i in r { out[i] = f(a[i], b[i], c[i]) }
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
