import CityscapesData

/// The nearest hit of a ray: `t` (z-depth for camera rays) and what was hit.
struct RayHit {
    /// Index of the primitive, or `RayHit.ground` / `RayHit.sky`.
    var index: Int32
    var t: Float

    static let ground: Int32 = -1
    static let sky: Int32 = -2
}

/// Casts camera and shadow rays through one frame's primitives, using the frame's
/// screen tiles and shadow grid. Holds raw buffers only (no reference counting in the
/// inner loops); the buffers belong to `FrameBuffers`, which outlives every use.
struct Tracer {
    let primitives: UnsafeBufferPointer<Primitive>
    let tileStart: UnsafeBufferPointer<Int32>
    let tileItems: UnsafeBufferPointer<Int32>
    let tileDepth: UnsafeBufferPointer<Float>
    let shadowStart: UnsafeBufferPointer<Int32>
    let shadowItems: UnsafeBufferPointer<Int32>
    let shadowGrid: ShadowGrid
    let ground: StreetGround
    let lighting: SceneLighting
    /// Focal length in pixels and supersamples per pixel axis, for texture filtering.
    let focal: Float
    let supersampling: Int

    /// Nearest hit of a camera ray from `origin` along `direction` (unit z-depth) whose
    /// pixel lies in `tile`.
    @inline(__always)
    func trace(origin: SIMD3<Float>, direction: SIMD3<Float>, tile: Int) -> RayHit {
        var best = RayHit(index: RayHit.sky, t: .infinity)
        if direction.y > 1e-9 { best = RayHit(index: RayHit.ground, t: -origin.y / direction.y) }
        let end = Int(tileStart[tile + 1])
        var k = Int(tileStart[tile])
        while k < end {
            if tileDepth[k] >= best.t { break }
            let index = tileItems[k]
            let t = Intersection.hit(primitives[Int(index)], origin: origin, direction: direction,
                                     tMin: ScreenTiles.near)
            if t < best.t { best = RayHit(index: index, t: t) }
            k += 1
        }
        return best
    }

    /// Cityscapes label id of a hit.
    @inline(__always) func label(of hit: RayHit, origin: SIMD3<Float>, direction: SIMD3<Float>) -> UInt8 {
        switch hit.index {
        case RayHit.sky: return CityscapesLabels.sky
        case RayHit.ground:
            let x = origin.x + hit.t * direction.x
            return x >= ground.roadLeft && x <= ground.roadRight ? CityscapesLabels.road : CityscapesLabels.terrain
        default: return primitives[Int(hit.index)].label
        }
    }

    /// Whether something blocks the sun as seen from surface point `p` with normal `n`.
    @inline(__always) func shadowed(_ p: SIMD3<Float>, normal n: SIMD3<Float>) -> Bool {
        let origin = p + n * 0.02
        guard let cell = shadowGrid.cellIndex(of: origin) else { return false }
        let sun = shadowGrid.sun
        for k in Int(shadowStart[cell])..<Int(shadowStart[cell + 1]) {
            let prim = primitives[Int(shadowItems[k])]
            if Intersection.hit(prim, origin: origin, direction: sun, tMin: 0.001) < .infinity { return true }
        }
        return false
    }

    /// Linear colour seen along a camera ray.
    @inline(__always)
    func radiance(origin: SIMD3<Float>, direction: SIMD3<Float>, tile: Int) -> SIMD3<Float> {
        let hit = trace(origin: origin, direction: direction, tile: tile)
        if hit.index == RayHit.sky { return lighting.sky(direction) }
        let position = origin + hit.t * direction
        let albedo: SIMD3<Float>
        var normal: SIMD3<Float>
        if hit.index == RayHit.ground {
            normal = SIMD3(0, -1, 0)
            let filter = TextureFilter(t: hit.t, direction: direction, normal: normal, focal: focal,
                                       supersampling: supersampling)
            albedo = Materials.ground(ground, x: position.x, z: position.z, filter)
        } else {
            let prim = primitives[Int(hit.index)]
            let surface = Intersection.surface(of: prim, at: position)
            normal = surface.normal
            let filter = TextureFilter(t: hit.t, direction: direction, normal: normal, focal: focal,
                                       supersampling: supersampling)
            albedo = Materials.albedo(prim, surface, filter)
        }
        if (normal * direction).sum() > 0 { normal = -normal }
        let facesSun = (normal * lighting.sunDirection).sum() > 0
        let sunlit = facesSun && !shadowed(position, normal: normal)
        return lighting.shade(albedo: albedo, normal: normal, position: position, sunlit: sunlit)
    }
}
