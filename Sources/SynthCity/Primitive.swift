#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The solid shapes SynthCity builds its world from.
enum PrimitiveShape: UInt8 {
    /// A box; `half` holds its half extents along its local x, y, z axes.
    case box
    /// A vertical cylinder (axis along y); `half` = (radius, half height, radius).
    case cylinder
    /// An ellipsoid; `half` holds its radii along its local x, y, z axes.
    case ellipsoid
}

/// How a surface is textured (see `Materials`). The label comes from `Primitive.label`.
enum Material: UInt8 {
    case sidewalk, facade, concrete, fence, metal, trafficLight, trafficSign
    case foliage, bark, grass, paint, cabin, tyre, cloth, skin, busBody, tramBody, cargo
}

/// One solid of a scene: world position, shape, label and surface.
///
/// Geometry is in metres, world axes x right, y down, z forward (road plane y = 0).
/// The local frame is the world frame turned by `yaw` about the vertical axis:
/// local = Ry(-yaw) * (world - center), with `cosYaw`/`sinYaw` cached. Moving objects
/// are displaced by `motion` per frame (frame k sits at center + k * motion).
struct Primitive {
    var shape: PrimitiveShape
    /// Cityscapes label id.
    var label: UInt8
    var material: Material
    var center: SIMD3<Float>
    var half: SIMD3<Float>
    var cosYaw: Float
    var sinYaw: Float
    /// Base colour (linear reflectance, 0...1) of this instance.
    var albedo: SIMD3<Float>
    /// Per-instance seed of texture details.
    var variant: UInt32
    /// Displacement per frame, metres.
    var motion: SIMD3<Float>

    init(shape: PrimitiveShape, label: UInt8, material: Material, center: SIMD3<Float>,
         half: SIMD3<Float>, yaw: Float = 0, albedo: SIMD3<Float>, variant: UInt32,
         motion: SIMD3<Float> = .zero) {
        self.shape = shape
        self.label = label
        self.material = material
        self.center = center
        self.half = half
        self.cosYaw = cosf(yaw)
        self.sinYaw = sinf(yaw)
        self.albedo = albedo
        self.variant = variant
        self.motion = motion
    }

    /// `p - center` in the local frame.
    @inline(__always) func toLocal(_ p: SIMD3<Float>) -> SIMD3<Float> {
        rotateToLocal(p - center)
    }

    /// A world direction in the local frame.
    @inline(__always) func rotateToLocal(_ d: SIMD3<Float>) -> SIMD3<Float> {
        SIMD3(cosYaw * d.x - sinYaw * d.z, d.y, sinYaw * d.x + cosYaw * d.z)
    }

    /// A local direction in the world frame.
    @inline(__always) func rotateToWorld(_ d: SIMD3<Float>) -> SIMD3<Float> {
        SIMD3(cosYaw * d.x + sinYaw * d.z, d.y, -sinYaw * d.x + cosYaw * d.z)
    }

    /// Half extents of the world-axis-aligned box around the primitive.
    var worldHalfExtent: SIMD3<Float> {
        let c = abs(cosYaw), s = abs(sinYaw)
        switch shape {
        case .cylinder: return half
        case .box, .ellipsoid: return SIMD3(c * half.x + s * half.z, half.y, s * half.x + c * half.z)
        }
    }
}
