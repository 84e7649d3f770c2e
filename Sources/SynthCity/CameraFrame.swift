import CityscapesData

/// A camera pose and intrinsics in the single precision the ray caster works in.
///
/// The ray of image point (u, v) is `origin + t * direction(u, v)` with
/// direction = R * ((u - cx) / fx, (v - cy) / fy, 1), so `t` is the z-depth of the hit
/// in this camera (metres), not the distance along the ray.
struct CameraFrame {
    /// Camera centre, world metres.
    let origin: SIMD3<Float>
    /// Columns of the camera-to-world rotation (camera x, y, z axes in the world).
    let axisX: SIMD3<Float>
    let axisY: SIMD3<Float>
    let axisZ: SIMD3<Float>
    /// Intrinsics in pixels.
    let fx: Float, fy: Float, cx: Float, cy: Float

    init(pose: CameraPose, intrinsics: PinholeIntrinsics) {
        let r = pose.rotation
        origin = SIMD3(Float(pose.translation.x), Float(pose.translation.y), Float(pose.translation.z))
        axisX = SIMD3(Float(r[0]), Float(r[3]), Float(r[6]))
        axisY = SIMD3(Float(r[1]), Float(r[4]), Float(r[7]))
        axisZ = SIMD3(Float(r[2]), Float(r[5]), Float(r[8]))
        fx = Float(intrinsics.fx)
        fy = Float(intrinsics.fy)
        cx = Float(intrinsics.cx)
        cy = Float(intrinsics.cy)
    }

    /// World direction of image point (u, v), scaled to unit z-depth.
    @inline(__always) func direction(u: Float, v: Float) -> SIMD3<Float> {
        axisX * ((u - cx) / fx) + axisY * ((v - cy) / fy) + axisZ
    }

    /// A world point in camera coordinates.
    @inline(__always) func toCamera(_ p: SIMD3<Float>) -> SIMD3<Float> {
        let d = p - origin
        return SIMD3((axisX * d).sum(), (axisY * d).sum(), (axisZ * d).sum())
    }
}
