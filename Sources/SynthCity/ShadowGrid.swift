#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Culling for shadow rays. All shadow rays run parallel to the sun direction, so each
/// projects to a single point on the plane perpendicular to it; the grid bins every
/// primitive's projected bounds on that plane, and a shadow ray only tests the
/// primitives of its own cell.
struct ShadowGrid {
    /// Unit vector toward the sun and two unit axes spanning the perpendicular plane.
    let sun: SIMD3<Float>
    let axisA: SIMD3<Float>
    let axisB: SIMD3<Float>
    /// Lower corner of the grid on the plane, metres, and cell edge, metres.
    let originA: Float
    let originB: Float
    let cell: Float
    let cellsA: Int
    let cellsB: Int
    /// For cell i, entries `start[i] ..< start[i + 1]` of `items`.
    let start: [Int32]
    let items: [Int32]

    /// Most cells along one axis of the grid.
    static let maxCells = 160

    init(primitives: [Primitive], sun: SIMD3<Float>) {
        self.sun = sun
        let reference = abs(sun.y) < 0.9 ? SIMD3<Float>(0, 1, 0) : SIMD3<Float>(1, 0, 0)
        let a = cross(reference, sun)
        axisA = a / (a * a).sum().squareRoot()
        axisB = cross(sun, axisA)

        var rects: [SIMD4<Float>] = []   // (minA, minB, maxA, maxB)
        rects.reserveCapacity(primitives.count)
        var lo = SIMD2<Float>(repeating: .infinity), hi = SIMD2<Float>(repeating: -.infinity)
        for p in primitives {
            let e = p.worldHalfExtent
            var rlo = SIMD2<Float>(repeating: .infinity), rhi = SIMD2<Float>(repeating: -.infinity)
            for corner in 0..<8 {
                let s = SIMD3<Float>(corner & 1 == 0 ? -1 : 1, corner & 2 == 0 ? -1 : 1, corner & 4 == 0 ? -1 : 1)
                let q = p.center + s * e
                let ab = SIMD2((axisA * q).sum(), (axisB * q).sum())
                rlo = rlo.replacing(with: ab, where: ab .< rlo)
                rhi = rhi.replacing(with: ab, where: ab .> rhi)
            }
            rects.append(SIMD4(rlo.x, rlo.y, rhi.x, rhi.y))
            lo = lo.replacing(with: rlo, where: rlo .< lo)
            hi = hi.replacing(with: rhi, where: rhi .> hi)
        }
        if primitives.isEmpty {
            lo = .zero
            hi = SIMD2(repeating: 1)
        }
        let extent = max(hi.x - lo.x, hi.y - lo.y)
        let cell = max(0.4, extent / Float(Self.maxCells))
        let cellsA = max(1, min(Self.maxCells, Int(ceilf((hi.x - lo.x) / cell)) + 1))
        let cellsB = max(1, min(Self.maxCells, Int(ceilf((hi.y - lo.y) / cell)) + 1))
        self.cell = cell
        self.cellsA = cellsA
        self.cellsB = cellsB
        originA = lo.x
        originB = lo.y

        let cellCount = cellsA * cellsB
        var counts = [Int32](repeating: 0, count: cellCount + 1)
        func range(_ r: SIMD4<Float>) -> (Int, Int, Int, Int) {
            let a0 = max(0, Int((r.x - lo.x) / cell)), a1 = min(cellsA - 1, Int((r.z - lo.x) / cell))
            let b0 = max(0, Int((r.y - lo.y) / cell)), b1 = min(cellsB - 1, Int((r.w - lo.y) / cell))
            return (a0, a1, b0, b1)
        }
        for r in rects {
            let (a0, a1, b0, b1) = range(r)
            for b in b0...b1 { for a in a0...a1 { counts[b * cellsA + a + 1] += 1 } }
        }
        for i in 0..<cellCount { counts[i + 1] += counts[i] }
        var fill = counts
        var items = [Int32](repeating: 0, count: Int(counts[cellCount]))
        for (index, r) in rects.enumerated() {
            let (a0, a1, b0, b1) = range(r)
            for b in b0...b1 {
                for a in a0...a1 {
                    items[Int(fill[b * cellsA + a])] = Int32(index)
                    fill[b * cellsA + a] += 1
                }
            }
        }
        start = counts
        self.items = items
    }

    /// The cell a shadow ray from `p` belongs to, or nil outside the grid (no caster).
    @inline(__always) func cellIndex(of p: SIMD3<Float>) -> Int? {
        let a = ((axisA * p).sum() - originA) / cell
        let b = ((axisB * p).sum() - originB) / cell
        guard a >= 0, b >= 0, a < Float(cellsA), b < Float(cellsB) else { return nil }
        return Int(b) * cellsA + Int(a)
    }
}

@inline(__always) func cross(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> SIMD3<Float> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}
