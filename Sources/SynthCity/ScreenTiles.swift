#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Screen-space culling for primary rays: the image is cut into square tiles, and each
/// tile lists the primitives whose projected bounds touch it, nearest first (by the
/// smallest camera z-depth of their bounds), so a ray can stop testing once that depth
/// exceeds its current hit.
struct ScreenTiles {
    /// Tile edge in pixels.
    static let size = 8
    /// Nearest z-depth the caster considers, metres.
    static let near: Float = 0.05

    let tilesX: Int
    let tilesY: Int
    /// For tile i, entries `start[i] ..< start[i + 1]` of `items` and `minDepth`.
    let start: [Int32]
    let items: [Int32]
    let minDepth: [Float]

    init(primitives: [Primitive], camera: CameraFrame, width: Int, height: Int) {
        tilesX = (width + Self.size - 1) / Self.size
        tilesY = (height + Self.size - 1) / Self.size
        struct Entry { var index: Int32; var depth: Float; var tx0, tx1, ty0, ty1: Int32 }
        var entries: [Entry] = []
        entries.reserveCapacity(primitives.count)
        for (index, p) in primitives.enumerated() {
            let e = p.worldHalfExtent
            var lo = SIMD3<Float>(repeating: .infinity), hi = SIMD3<Float>(repeating: -.infinity)
            for corner in 0..<8 {
                let s = SIMD3<Float>(corner & 1 == 0 ? -1 : 1, corner & 2 == 0 ? -1 : 1, corner & 4 == 0 ? -1 : 1)
                let c = camera.toCamera(p.center + s * e)
                lo = simd_min(lo, c)
                hi = simd_max(hi, c)
            }
            if hi.z < Self.near { continue }
            lo.z = max(lo.z, Self.near)
            var uMin = Float.infinity, uMax = -Float.infinity, vMin = Float.infinity, vMax = -Float.infinity
            for corner in 0..<8 {
                let x = corner & 1 == 0 ? lo.x : hi.x
                let y = corner & 2 == 0 ? lo.y : hi.y
                let z = corner & 4 == 0 ? lo.z : hi.z
                let u = camera.cx + camera.fx * x / z, v = camera.cy + camera.fy * y / z
                uMin = min(uMin, u); uMax = max(uMax, u)
                vMin = min(vMin, v); vMax = max(vMax, v)
            }
            // A pixel's samples lie within half a pixel of its centre: pad by one pixel.
            func clamp(_ x: Float, _ limit: Int) -> Float { min(max(x, -2), Float(limit) + 2) }
            let i0 = max(0, Int(floorf(clamp(uMin, width))) - 1)
            let i1 = min(width - 1, Int(ceilf(clamp(uMax, width))) + 1)
            let j0 = max(0, Int(floorf(clamp(vMin, height))) - 1)
            let j1 = min(height - 1, Int(ceilf(clamp(vMax, height))) + 1)
            if i0 > i1 || j0 > j1 { continue }
            entries.append(Entry(index: Int32(index), depth: lo.z,
                                 tx0: Int32(i0 / Self.size), tx1: Int32(i1 / Self.size),
                                 ty0: Int32(j0 / Self.size), ty1: Int32(j1 / Self.size)))
        }
        entries.sort { ($0.depth, $0.index) < ($1.depth, $1.index) }

        let tileCount = tilesX * tilesY
        var counts = [Int32](repeating: 0, count: tileCount + 1)
        for e in entries {
            for ty in Int(e.ty0)...Int(e.ty1) {
                for tx in Int(e.tx0)...Int(e.tx1) { counts[ty * tilesX + tx + 1] += 1 }
            }
        }
        for i in 0..<tileCount { counts[i + 1] += counts[i] }
        var fill = counts
        var items = [Int32](repeating: 0, count: Int(counts[tileCount]))
        var depths = [Float](repeating: 0, count: Int(counts[tileCount]))
        for e in entries {
            for ty in Int(e.ty0)...Int(e.ty1) {
                for tx in Int(e.tx0)...Int(e.tx1) {
                    let slot = Int(fill[ty * tilesX + tx])
                    items[slot] = e.index
                    depths[slot] = e.depth
                    fill[ty * tilesX + tx] += 1
                }
            }
        }
        start = counts
        self.items = items
        minDepth = depths
    }

    /// The tile holding pixel (column i, row j).
    @inline(__always) func tile(column i: Int, row j: Int) -> Int {
        (j / Self.size) * tilesX + i / Self.size
    }
}
