/// Explicit 8-lane loads and stores for kernels the compiler does not vectorise on its
/// own (loops that write several buffers it cannot prove distinct). Arithmetic on the
/// lanes is the same IEEE arithmetic as the scalar code, so results are identical.
public typealias Lanes = SIMD8<Float>

@inlinable @inline(__always)
public func loadLanes(_ p: UnsafePointer<Float>) -> Lanes {
    UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
}

@inlinable @inline(__always)
public func storeLanes(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
}

/// The sum of the 8 lanes in a fixed order: halves, then quarters, then the pair.
@inlinable @inline(__always)
public func horizontalSum(_ v: Lanes) -> Float {
    let four = v.lowHalf + v.highHalf
    let two = four.lowHalf + four.highHalf
    return two[0] + two[1]
}
