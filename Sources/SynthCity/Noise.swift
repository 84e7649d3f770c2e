#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Deterministic hash-based value noise for procedural textures (no tables, no state).
/// Coordinates are in arbitrary units (textures scale metres before calling); results
/// lie in [0, 1).
enum Noise {
    /// A well-mixed 32-bit hash of three lattice coordinates and a seed.
    @inline(__always) static func hash(_ x: Int32, _ y: Int32, _ z: Int32, _ seed: UInt32) -> UInt32 {
        var h = seed &* 0x9E37_79B1
        h ^= UInt32(bitPattern: x) &* 0x85EB_CA77
        h = (h << 13) | (h >> 19)
        h ^= UInt32(bitPattern: y) &* 0xC2B2_AE3D
        h = (h << 11) | (h >> 21)
        h ^= UInt32(bitPattern: z) &* 0x27D4_EB2F
        h ^= h >> 15
        h = h &* 0x2C1B_3C6D
        h ^= h >> 12
        h = h &* 0x297A_2D39
        h ^= h >> 15
        return h
    }

    /// The hash as a number in [0, 1).
    @inline(__always) static func unit(_ x: Int32, _ y: Int32, _ z: Int32, _ seed: UInt32) -> Float {
        Float(hash(x, y, z, seed) >> 8) * (1.0 / 16_777_216.0)
    }

    /// The integer cell of `v` and the position inside it, smoothed (3t^2 - 2t^3).
    @inline(__always) static func cell(_ v: Float) -> (Int32, Float) {
        let clamped = max(-1.0e8, min(1.0e8, v))
        let f = floorf(clamped)
        let t = clamped - f
        return (Int32(f), t * t * (3 - 2 * t))
    }

    /// 2-D value noise.
    @inline(__always) static func value(_ x: Float, _ y: Float, _ seed: UInt32) -> Float {
        let (ix, tx) = cell(x), (iy, ty) = cell(y)
        let a = unit(ix, iy, 0, seed), b = unit(ix &+ 1, iy, 0, seed)
        let c = unit(ix, iy &+ 1, 0, seed), d = unit(ix &+ 1, iy &+ 1, 0, seed)
        let top = a + (b - a) * tx, bottom = c + (d - c) * tx
        return top + (bottom - top) * ty
    }

    /// 3-D value noise.
    @inline(__always) static func value(_ p: SIMD3<Float>, _ seed: UInt32) -> Float {
        let (ix, tx) = cell(p.x), (iy, ty) = cell(p.y), (iz, tz) = cell(p.z)
        func plane(_ z: Int32) -> Float {
            let a = unit(ix, iy, z, seed), b = unit(ix &+ 1, iy, z, seed)
            let c = unit(ix, iy &+ 1, z, seed), d = unit(ix &+ 1, iy &+ 1, z, seed)
            let top = a + (b - a) * tx, bottom = c + (d - c) * tx
            return top + (bottom - top) * ty
        }
        let near = plane(iz), far = plane(iz &+ 1)
        return near + (far - near) * tz
    }
}
