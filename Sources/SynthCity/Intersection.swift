#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a ray met a primitive, with what the shading needs. Directions and positions
/// in world coordinates (metres); `u`, `v` are surface coordinates in metres (along
/// the face and height above the solid's bottom, for boxes and cylinders).
struct SurfacePoint {
    var position: SIMD3<Float>
    /// Unit outward normal.
    var normal: SIMD3<Float>
    /// Hit point in the primitive's local frame.
    var local: SIMD3<Float>
    /// Box face: 0 +x, 1 -x, 2 +y (bottom), 3 -y (top), 4 +z, 5 -z (front, facing the
    /// camera at yaw 0); 6 a cylinder's side; 7 an ellipsoid.
    var face: UInt8
    var u: Float
    var v: Float
}

/// Ray tests against the analytic primitives. Rays are `origin + t * direction` with
/// any direction length; results are values of `t`, `.infinity` for a miss. Only
/// entering hits with `t >= tMin` count (a ray starting inside a solid misses it).
enum Intersection {
    @inline(__always)
    static func hit(_ p: Primitive, origin: SIMD3<Float>, direction: SIMD3<Float>, tMin: Float) -> Float {
        let o = p.toLocal(origin)
        let d = p.rotateToLocal(direction)
        switch p.shape {
        case .box: return box(half: p.half, o, d, tMin)
        case .cylinder: return cylinder(radius: p.half.x, halfHeight: p.half.y, o, d, tMin)
        case .ellipsoid: return ellipsoid(radii: p.half, o, d, tMin)
        }
    }

    @inline(__always)
    static func box(half h: SIMD3<Float>, _ o: SIMD3<Float>, _ d: SIMD3<Float>, _ tMin: Float) -> Float {
        let inv = SIMD3<Float>(1 / safe(d.x), 1 / safe(d.y), 1 / safe(d.z))
        let t1 = (-h - o) * inv, t2 = (h - o) * inv
        let lo = simd_min(t1, t2), hi = simd_max(t1, t2)
        let tNear = max(lo.x, max(lo.y, lo.z))
        let tFar = min(hi.x, min(hi.y, hi.z))
        return tNear <= tFar && tNear >= tMin ? tNear : .infinity
    }

    @inline(__always)
    static func cylinder(radius r: Float, halfHeight hh: Float, _ o: SIMD3<Float>, _ d: SIMD3<Float>,
                         _ tMin: Float) -> Float {
        var best = Float.infinity
        let a = d.x * d.x + d.z * d.z
        if a > 1e-12 {
            let b = o.x * d.x + o.z * d.z
            let c = o.x * o.x + o.z * o.z - r * r
            let disc = b * b - a * c
            if disc >= 0 {
                let t = (-b - disc.squareRoot()) / a
                if t >= tMin && abs(o.y + t * d.y) <= hh { best = t }
            }
        }
        if abs(d.y) > 1e-12 {
            // The cap facing the ray: y = -hh when travelling down (+y), else +hh.
            let capY = d.y > 0 ? -hh : hh
            let t = (capY - o.y) / d.y
            if t >= tMin && t < best {
                let x = o.x + t * d.x, z = o.z + t * d.z
                if x * x + z * z <= r * r { best = t }
            }
        }
        return best
    }

    @inline(__always)
    static func ellipsoid(radii: SIMD3<Float>, _ o: SIMD3<Float>, _ d: SIMD3<Float>, _ tMin: Float) -> Float {
        let os = o / radii, ds = d / radii
        let a = (ds * ds).sum()
        let b = (os * ds).sum()
        let c = (os * os).sum() - 1
        let disc = b * b - a * c
        if disc < 0 { return .infinity }
        let t = (-b - disc.squareRoot()) / a
        return t >= tMin ? t : .infinity
    }

    /// A direction component kept away from zero (its sign kept) so 1/d stays finite.
    @inline(__always) static func safe(_ x: Float) -> Float {
        abs(x) > 1e-12 ? x : (x < 0 ? -1e-12 : 1e-12)
    }

    /// Normal, face and surface coordinates of `p` at world point `position`.
    static func surface(of p: Primitive, at position: SIMD3<Float>) -> SurfacePoint {
        let l = p.toLocal(position)
        let h = p.half
        switch p.shape {
        case .box:
            let q = (l / h).replacing(with: -(l / h), where: l .< 0)
            let face: UInt8
            let n: SIMD3<Float>
            let u: Float, v: Float
            if q.x >= q.y && q.x >= q.z {
                face = l.x > 0 ? 0 : 1
                n = SIMD3(l.x > 0 ? 1 : -1, 0, 0)
                u = l.z + h.z
                v = h.y - l.y
            } else if q.y >= q.z {
                face = l.y > 0 ? 2 : 3
                n = SIMD3(0, l.y > 0 ? 1 : -1, 0)
                u = l.x + h.x
                v = l.z + h.z
            } else {
                face = l.z > 0 ? 4 : 5
                n = SIMD3(0, 0, l.z > 0 ? 1 : -1)
                u = l.x + h.x
                v = h.y - l.y
            }
            return SurfacePoint(position: position, normal: p.rotateToWorld(n), local: l, face: face, u: u, v: v)
        case .cylinder:
            let radial = (l.x * l.x + l.z * l.z).squareRoot()
            if abs(l.y) >= h.y - 1e-4 && radial < h.x - 1e-4 {
                let top = l.y < 0
                return SurfacePoint(position: position, normal: SIMD3(0, top ? -1 : 1, 0), local: l,
                                    face: top ? 3 : 2, u: l.x, v: l.z)
            }
            let n = SIMD3(l.x, 0, l.z) / max(radial, 1e-6)
            return SurfacePoint(position: position, normal: n, local: l, face: 6,
                                u: atan2f(l.z, l.x) * h.x, v: h.y - l.y)
        case .ellipsoid:
            let g = l / (h * h)
            let n = g / max((g * g).sum().squareRoot(), 1e-9)
            return SurfacePoint(position: position, normal: p.rotateToWorld(n), local: l, face: 7,
                                u: l.x + l.z, v: h.y - l.y)
        }
    }
}
