import CityscapesData
import TensorEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One rendered frame: colour, and for the labelled frame the label ids and z-depth
/// of the pixel-centre rays. Row-major, top row first.
struct RenderedFrame {
    /// 8-bit sRGB, R, G, B per pixel.
    var rgb: [UInt8]
    /// Cityscapes label ids (labelled frame only, else empty).
    var labels: [UInt8]
    /// z-depth along the optical axis in metres, 0 for sky (labelled frame only).
    var depth: [Float]
}

/// Renders frames of one scene: places moving objects for the frame, builds the
/// frame's culling structures, casts `supersampling`^2 colour rays per pixel (and one
/// pixel-centre ray for labels and depth), filters the samples into pixels with a
/// tent filter, tone-maps and adds sensor noise.
struct FrameRenderer {
    let scene: Scene
    let intrinsics: PinholeIntrinsics
    let width: Int
    let height: Int
    let supersampling: Int
    /// Standard deviation of the sensor noise, 8-bit levels.
    let sensorNoise: Float

    func render(frame offset: Int, labelled: Bool, noise: inout RandomGenerator) -> RenderedFrame {
        let camera = CameraFrame(pose: scene.description.cameraPose(frame: offset), intrinsics: intrinsics)
        var primitives = scene.primitives
        if offset != 0 {
            for i in primitives.indices where primitives[i].motion != .zero {
                primitives[i].center += primitives[i].motion * Float(offset)
            }
        }
        let tiles = ScreenTiles(primitives: primitives, camera: camera, width: width, height: height)
        let shadows = ShadowGrid(primitives: primitives, sun: scene.lighting.sunDirection)

        let pixels = width * height
        let n = supersampling
        let samplesWide = width * n, samplesHigh = height * n
        var samples = [SIMD3<Float>](repeating: .zero, count: samplesWide * samplesHigh)
        var labels = [UInt8](repeating: 0, count: labelled ? pixels : 0)
        var depth = [Float](repeating: 0, count: labelled ? pixels : 0)
        let offsets = (0..<n).map { (Float($0) + 0.5) / Float(n) - 0.5 }

        primitives.withUnsafeBufferPointer { prims in
        tiles.start.withUnsafeBufferPointer { tileStart in
        tiles.items.withUnsafeBufferPointer { tileItems in
        tiles.minDepth.withUnsafeBufferPointer { tileDepth in
        shadows.start.withUnsafeBufferPointer { shadowStart in
        shadows.items.withUnsafeBufferPointer { shadowItems in
            let tracer = Tracer(primitives: prims, tileStart: tileStart, tileItems: tileItems,
                                tileDepth: tileDepth, shadowStart: shadowStart, shadowItems: shadowItems,
                                shadowGrid: shadows, ground: scene.ground, lighting: scene.lighting,
                                focal: camera.fx, supersampling: n)
            let origin = camera.origin
            for j in 0..<height {
                for i in 0..<width {
                    let tile = tiles.tile(column: i, row: j)
                    for (b, dy) in offsets.enumerated() {
                        for (a, dx) in offsets.enumerated() {
                            let direction = camera.direction(u: Float(i) + dx, v: Float(j) + dy)
                            samples[(j * n + b) * samplesWide + i * n + a] =
                                tracer.radiance(origin: origin, direction: direction, tile: tile)
                        }
                    }
                    if labelled {
                        let direction = camera.direction(u: Float(i), v: Float(j))
                        let hit = tracer.trace(origin: origin, direction: direction, tile: tile)
                        labels[j * width + i] = tracer.label(of: hit, origin: origin, direction: direction)
                        depth[j * width + i] = hit.index == RayHit.sky ? 0 : hit.t
                    }
                }
            }
        }}}}}}
        let linear = PixelFilter.tent(samples, width: width, height: height, supersampling: n)

        let gain = scene.lighting.gain
        var rgb = [UInt8](repeating: 0, count: pixels * 3)
        let tone = ToneCurve.table
        for p in 0..<pixels {
            let c = linear[p] * gain
            for channel in 0..<3 {
                let level = tone[min(ToneCurve.size - 1, max(0, Int(c[channel] * Float(ToneCurve.size - 1))))]
                let noisy = Float(level) + (sensorNoise > 0 ? sensorNoise * noise.nextNormal() : 0)
                rgb[p * 3 + channel] = UInt8(max(0, min(255, noisy.rounded())))
            }
        }
        return RenderedFrame(rgb: rgb, labels: labels, depth: depth)
    }
}

/// The camera's tone curve: linear light 0...1 to 8-bit sRGB-like values (gamma 1/2.2),
/// tabulated.
enum ToneCurve {
    static let size = 4096
    static let table: [UInt8] = (0..<size).map { i in
        let x = Double(i) / Double(size - 1)
        return UInt8(max(0, min(255, (pow(x, 1 / 2.2) * 255).rounded())))
    }
}
