/// A rigid camera-to-world transform in metres; camera axes x right, y down, z forward.
/// The world's axes follow the street (x right, y down, z along the street) with the
/// road plane at y = 0, so heights above the road are negative y; the labelled frame's
/// camera stands at (0, -1.22, 0), turned by a small heading and pitch.
public struct CameraPose: Equatable, Sendable {
    /// Rotation, 3x3 row-major (world = rotation * camera + translation).
    public var rotation: [Double]
    /// Camera centre in world coordinates, metres.
    public var translation: SIMD3<Double>

    public init(rotation: [Double], translation: SIMD3<Double>) {
        precondition(rotation.count == 9, "CameraPose: rotation needs 9 entries")
        self.rotation = rotation
        self.translation = translation
    }

    /// A camera at `position` turned by `yaw` about the vertical (y) axis and then by
    /// `pitch` about its own x axis (radians; positive pitch looks up).
    public init(yaw: Double, pitch: Double, position: SIMD3<Double>) {
        let cy = _cos(yaw), sy = _sin(yaw), cp = _cos(pitch), sp = _sin(pitch)
        // Ry(yaw) * Rx(pitch) with Ry = [[c,0,s],[0,1,0],[-s,0,c]], Rx = [[1,0,0],[0,c,-s],[0,s,c]].
        self.init(rotation: [cy, sy * sp, sy * cp,
                             0, cp, -sp,
                             -sy, cy * sp, cy * cp],
                  translation: position)
    }

    /// The 4x4 homogeneous matrix, as four rows of four numbers.
    public var matrix: [[Double]] {
        let r = rotation, t = translation
        return [[r[0], r[1], r[2], t.x], [r[3], r[4], r[5], t.y],
                [r[6], r[7], r[8], t.z], [0, 0, 0, 1]]
    }

    /// The world point of camera point `p`.
    public func apply(_ p: SIMD3<Double>) -> SIMD3<Double> {
        let r = rotation
        return SIMD3(r[0] * p.x + r[1] * p.y + r[2] * p.z,
                     r[3] * p.x + r[4] * p.y + r[5] * p.z,
                     r[6] * p.x + r[7] * p.y + r[8] * p.z) + translation
    }

    /// The camera point of world point `p` (the inverse transform).
    public func unapply(_ p: SIMD3<Double>) -> SIMD3<Double> {
        let r = rotation, d = p - translation
        return SIMD3(r[0] * d.x + r[3] * d.y + r[6] * d.z,
                     r[1] * d.x + r[4] * d.y + r[7] * d.z,
                     r[2] * d.x + r[5] * d.y + r[8] * d.z)
    }
}

// libm's cos and sin in Double, for the pose's rotation (and SceneDescription's sun and
// heading).
#if canImport(Glibc)
import Glibc
@inline(__always) func _cos(_ x: Double) -> Double { Glibc.cos(x) }
@inline(__always) func _sin(_ x: Double) -> Double { Glibc.sin(x) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) func _cos(_ x: Double) -> Double { Darwin.cos(x) }
@inline(__always) func _sin(_ x: Double) -> Double { Darwin.sin(x) }
#endif
