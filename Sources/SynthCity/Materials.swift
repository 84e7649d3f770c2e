#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Procedural surface colours (linear reflectance). Every pattern is a function of the
/// surface's own coordinates (local to the solid, or world x/z for the ground), so a
/// texture sticks to its surface from every viewpoint and moves with moving objects.
/// Patterns are filtered by the sample's footprint (`TextureFilter`): noise octaves
/// finer than the pixel fade out and stripes are box-filtered, so images are
/// band-limited like a camera's.
enum Materials {
    /// Reflectance of primitive `p` at surface point `s`.
    static func albedo(_ p: Primitive, _ s: SurfacePoint, _ f: TextureFilter) -> SIMD3<Float> {
        let base = p.albedo
        let seed = p.variant
        switch p.material {
        case .sidewalk: return s.face == 3 ? paving(base, s.u, s.v, seed, f) : curb(s.u, s.v, seed, f)
        case .facade: return s.face == 3 ? roof(s.u, s.v, seed, f) : facade(base, s.u, s.v, seed, f)
        case .concrete:
            let joint = f.stripes(s.u, period: 2.5, from: 0, to: 0.04)
            let grain = 1 + 0.7 * f.fractal(s.u, s.v, frequency: 0.6, octaves: 5, seed: seed)
            return base * grain * (1 - 0.35 * joint)
        case .fence:
            if s.face == 2 || s.face == 3 { return base }
            let top = 2 * p.half.y
            let rail = max(f.coverage(s.v, 0...0.12), f.coverage(s.v, (top - 0.16)...(top - 0.04)))
            let bar = f.stripes(s.u, period: 0.13, from: 0, to: 0.05)
            let solid = rail + (1 - rail) * bar
            let metal = base * (1 + 0.5 * f.fractal(s.u, s.v, frequency: 2, octaves: 3, seed: seed))
            return metal * solid + base * 0.2 * (1 - solid)
        case .metal:
            return base * (1 + 0.5 * f.fractal(s.u, s.v * 0.3, frequency: 2, octaves: 3, seed: seed))
        case .trafficLight: return trafficLight(p, s, f)
        case .trafficSign: return trafficSign(p, s)
        case .foliage:
            let n = f.fractal(s.local, frequency: 0.9, octaves: 5, gain: 0.75, seed: seed)
            let m = f.fractal(s.local, frequency: 2.4, octaves: 2, seed: seed &+ 9)
            let shade = max(0.15, 1 + 1.6 * n)
            return base * SIMD3(shade * (1 + 0.6 * m), shade, shade * (1 - 0.4 * m))
        case .bark:
            return base * (1 + 0.9 * f.fractal(s.u * 3, s.v, frequency: 2, octaves: 3, seed: seed))
        case .grass:
            return grass(base, s.position.x, s.position.z, seed, f)
        case .paint:
            return base * (1 + 0.25 * f.fractal(s.u, s.v, frequency: 1.5, octaves: 2, seed: seed))
        case .cabin: return cabin(base, p, s, f)
        case .tyre:
            let radial = (s.local.y * s.local.y + s.local.z * s.local.z).squareRoot() / p.half.y
            let hub = s.face == 7 ? f.coverage(radial * p.half.y, 0...(0.5 * p.half.y)) : 0
            return base + (SIMD3(0.28, 0.28, 0.29) - base) * hub
        case .cloth:
            return base * (1 + 0.6 * f.fractal(s.u, s.v, frequency: 3, octaves: 3, seed: seed))
        case .skin:
            return base * (1 + 0.15 * f.fractal(s.u, s.v, frequency: 6, octaves: 2, seed: seed))
        case .busBody: return windowedBody(base, p, s, f, band: 0.9...2.25, pillar: 1.4, doorEvery: 0)
        case .tramBody: return windowedBody(base, p, s, f, band: 1.0...2.5, pillar: 1.2, doorEvery: 6.5)
        case .cargo:
            if s.face == 3 { return base * 0.8 }
            let rib = f.stripes(s.u, period: 0.45, from: 0, to: 0.05)
            let band = s.face <= 1 ? f.coverage(s.v, 0.5...0.9) : 0
            let grain = 1 + 0.3 * f.fractal(s.u, s.v, frequency: 0.8, octaves: 3, seed: seed)
            return base * grain * (1 - 0.18 * rib) * (1 - 0.3 * band)
        }
    }

    /// Colour of the road plane at world (x, z): asphalt with wear and patches, lane
    /// markings, rails and zebra stripes on the road, grass and soil beyond it.
    static func ground(_ g: StreetGround, x: Float, z: Float, _ f: TextureFilter) -> SIMD3<Float> {
        let seed = g.variant
        guard x >= g.roadLeft && x <= g.roadRight else { return grass(g.soil, x, z, seed &+ 5, f) }
        let grain = 1 + 1.2 * f.fractal(x, z, frequency: 0.35, octaves: 6, gain: 0.75, seed: seed)
        let patchiness = min(1, max(0, (Noise.value(x * 0.1, z * 0.1, seed &+ 20) - 0.68) / 0.08))
        let patch = 1 - 0.12 * patchiness
        var colour = g.asphalt * grain * patch
        let paint = SIMD3<Float>(0.6, 0.6, 0.58) * (1 + 0.3 * f.fractal(x, z, frequency: 3, octaves: 2, seed: seed &+ 3))
        var painted: Float = 0
        for line in g.solidLines { painted += f.coverage(x, (line - 0.075)...(line + 0.075)) }
        for line in g.dashedLines {
            let across = f.coverage(x, (line - 0.075)...(line + 0.075))
            if across > 0 { painted += across * f.stripes(z, period: 9, from: 0, to: 3) }
        }
        if let c = g.crosswalk {
            painted += f.coverage(z, c) * f.stripes(x - g.roadLeft, period: 1, from: 0, to: 0.5)
        }
        painted = min(1, painted)
        colour += (paint - colour) * painted
        for rail in g.rails {
            let groove = f.coverage(x, (rail - 0.09)...(rail + 0.09))
            let steel = f.coverage(x, (rail - 0.035)...(rail + 0.035))
            colour = colour * (1 - 0.5 * groove) + (SIMD3(0.32, 0.31, 0.3) - colour * 0.5) * steel
        }
        return colour
    }

    /// Four independent numbers in [0, 1) per seed, for per-instance layouts.
    private static func param(_ seed: UInt32, _ k: Int32) -> Float { Noise.unit(k, 91, 7, seed) }

    private static func paving(_ base: SIMD3<Float>, _ u: Float, _ v: Float, _ seed: UInt32,
                               _ f: TextureFilter) -> SIMD3<Float> {
        let size: Float = 0.35 + 0.3 * param(seed, 0)
        let grout = 1 - (1 - f.stripes(u, period: size, from: 0, to: 0.025))
                      * (1 - f.stripes(v, period: size, from: 0, to: 0.025))
        let slab = 1 + 0.3 * f.detail(1 / size) * (Noise.unit(Int32(floorf(u / size)), Int32(floorf(v / size)), 3, seed) - 0.5)
        let grain = 1 + 0.6 * f.fractal(u, v, frequency: 0.5, octaves: 6, seed: seed &+ 1)
        return base * grain * slab * (1 - 0.5 * grout)
    }

    private static func curb(_ u: Float, _ v: Float, _ seed: UInt32, _ f: TextureFilter) -> SIMD3<Float> {
        SIMD3(0.42, 0.41, 0.4) * (1 + 0.5 * f.fractal(u, v, frequency: 2, octaves: 3, seed: seed))
    }

    private static func roof(_ u: Float, _ v: Float, _ seed: UInt32, _ f: TextureFilter) -> SIMD3<Float> {
        SIMD3(0.12, 0.11, 0.11) * (1 + 0.8 * f.fractal(u, v, frequency: 0.3, octaves: 4, seed: seed))
    }

    private static func grass(_ base: SIMD3<Float>, _ x: Float, _ z: Float, _ seed: UInt32,
                              _ f: TextureFilter) -> SIMD3<Float> {
        let blades = max(0.2, 1 + 1.1 * f.fractal(x, z, frequency: 0.6, octaves: 6, gain: 0.7, seed: seed))
        let dry = Noise.value(x * 0.25, z * 0.25, seed &+ 2)
        let tint = SIMD3<Float>(repeating: 1) + SIMD3<Float>(0.35, 0.1, 0.2) * max(0, dry - 0.5) * 2
        return base * tint * blades
    }

    /// Facade: plaster with grain, floors of framed windows, a ground floor that is a
    /// shop front for some buildings, a cornice line per floor. Windows are box-filtered
    /// rectangles (separable coverage); the per-building layout comes from the seed.
    private static func facade(_ base: SIMD3<Float>, _ u: Float, _ v: Float, _ seed: UInt32,
                               _ f: TextureFilter) -> SIMD3<Float> {
        let floorHeight: Float = 2.9 + 0.8 * param(seed, 0)
        let spacing: Float = 2.2 + 1.6 * param(seed, 1)
        let windowWidth = spacing * (0.38 + 0.3 * param(seed, 2))
        let windowHeight = floorHeight * (0.42 + 0.22 * param(seed, 3))
        let groundFloor = floorHeight * 1.25
        let shop = param(seed, 4) < 0.45
        let frameColour = param(seed, 5) < 0.5 ? SIMD3<Float>(0.6, 0.6, 0.58) : base * 0.55
        let plaster = base * (1 + 0.5 * f.fractal(u, v, frequency: 0.4, octaves: 6, seed: seed))

        if v < groundFloor {
            let wall = plaster * 0.85
            guard shop else { return wall }
            let bay = spacing * 2
            let across = f.stripes(u, period: bay, from: 0.4, to: bay - 0.4)
            let up = f.coverage(v, 0.35...(groundFloor - 0.55))
            let pane = Noise.unit(Int32(floorf(u / bay)), 0, 1, seed)
            let glass = SIMD3<Float>(0.05, 0.06, 0.07) + SIMD3(0.12, 0.1, 0.08) * pane * (v / groundFloor)
            return wall + (glass - wall) * (across * up)
        }
        let above = v - groundFloor
        let inFloor = above - floorf(above / floorHeight) * floorHeight
        let cornice = f.stripes(above, period: floorHeight, from: 0, to: 0.16)
        let left = (spacing - windowWidth) / 2, sill = floorHeight * 0.3
        let frameAcross = f.stripes(u, period: spacing, from: left - 0.08, to: left + windowWidth + 0.08)
        let frameUp = f.stripes(above, period: floorHeight, from: sill - 0.08, to: sill + windowHeight + 0.08)
        let glassAcross = f.stripes(u, period: spacing, from: left, to: left + windowWidth)
        let glassUp = f.stripes(above, period: floorHeight, from: sill, to: sill + windowHeight)
        let framed = frameAcross * frameUp, glazed = glassAcross * glassUp
        let id = Noise.unit(Int32(floorf(u / spacing)), Int32(floorf(above / floorHeight)), 2, seed)
        let reflection = min(1, max(0, (inFloor - sill) / windowHeight))
        var glass = SIMD3<Float>(0.035, 0.045, 0.06) + SIMD3(0.09, 0.1, 0.12) * id * reflection
        if id > 0.93 { glass = SIMD3(0.55, 0.45, 0.25) }
        let wall = plaster * (1 + 0.18 * cornice)
        return wall * (1 - framed) + frameColour * (framed - glazed) + glass * glazed
    }

    private static func cabin(_ base: SIMD3<Float>, _ p: Primitive, _ s: SurfacePoint,
                              _ f: TextureFilter) -> SIMD3<Float> {
        if s.face == 2 || s.face == 3 { return base * 0.95 }
        let height = 2 * p.half.y
        let length = s.face <= 1 ? 2 * p.half.z : 2 * p.half.x
        let glassBottom = height > 1.5 ? height * 0.45 : 0.06
        var glazed = f.coverage(s.v, glassBottom...(height - 0.06)) * f.coverage(s.u, 0.09...(length - 0.09))
        if s.face <= 1 { glazed *= 1 - f.coverage(s.u, (length / 2 - 0.05)...(length / 2 + 0.05)) }
        let t = min(1, max(0, (s.v - glassBottom) / (height - glassBottom)))
        let glass = SIMD3<Float>(0.03, 0.035, 0.045)
            + SIMD3(0.1, 0.11, 0.13) * t * (0.8 + 0.6 * f.fractal(s.u, s.v, frequency: 1, octaves: 2, seed: p.variant))
        return base + (glass - base) * glazed
    }

    /// Bus and tram bodies: paint, a band of windows between pillars, optional doors.
    private static func windowedBody(_ base: SIMD3<Float>, _ p: Primitive, _ s: SurfacePoint, _ f: TextureFilter,
                                     band: ClosedRange<Float>, pillar: Float, doorEvery: Float) -> SIMD3<Float> {
        if s.face == 2 || s.face == 3 { return SIMD3(0.2, 0.2, 0.21) }
        let glass = SIMD3<Float>(0.04, 0.05, 0.06)
            * (1 + 0.8 * f.fractal(s.u, s.v, frequency: 0.6, octaves: 3, seed: p.variant))
        let paint = base * (1 - 0.4 * f.coverage(s.v, 0...0.35))
            * (1 + 0.15 * f.fractal(s.u, s.v, frequency: 1, octaves: 2, seed: p.variant))
        var glazed = f.coverage(s.v, band)
        if s.face <= 1 { glazed *= 1 - f.stripes(s.u, period: pillar, from: 0, to: 0.12) }
        if doorEvery > 0 && s.face <= 1 {
            let door = f.stripes(s.u, period: doorEvery, from: 0, to: 1.3) * f.coverage(s.v, 0.1...band.upperBound)
            glazed = max(glazed, door)
        }
        return paint + (glass - paint) * glazed
    }

    private static func trafficLight(_ p: Primitive, _ s: SurfacePoint, _ f: TextureFilter) -> SIMD3<Float> {
        let housing = p.albedo * (1 + 0.4 * f.fractal(s.u, s.v, frequency: 4, octaves: 2, seed: p.variant))
        guard s.face == 5 else { return housing }
        let du = s.u - p.half.x
        let active = Int(p.variant % 3)
        for lamp in 0..<3 {
            let centre = 2 * p.half.y * (Float(5 - 2 * lamp) / 6)
            let dv = s.v - centre
            if du * du + dv * dv < 0.085 * 0.085 {
                if lamp != active { return SIMD3(0.06, 0.06, 0.05) }
                switch lamp {
                case 0: return SIMD3(0.95, 0.12, 0.05)
                case 1: return SIMD3(0.95, 0.6, 0.05)
                default: return SIMD3(0.1, 0.9, 0.45)
                }
            }
        }
        return housing
    }

    private static func trafficSign(_ p: Primitive, _ s: SurfacePoint) -> SIMD3<Float> {
        guard s.face == 5 else { return SIMD3(0.22, 0.22, 0.23) }
        let x = (s.u - p.half.x) / p.half.x, y = (s.v - p.half.y) / p.half.y
        let white = SIMD3<Float>(0.75, 0.75, 0.72)
        if p.variant % 2 == 0 {
            let r = (x * x + y * y).squareRoot()
            if r > 1 { return SIMD3(0.25, 0.25, 0.26) }
            if r > 0.72 { return p.albedo }
            return abs(y) < 0.18 && p.variant % 4 == 0 ? white : (p.variant % 4 == 0 ? p.albedo : white)
        }
        if abs(x) > 0.85 || abs(y) > 0.8 { return white }
        return abs(y) < 0.15 && abs(x) < 0.6 ? white : p.albedo
    }
}
