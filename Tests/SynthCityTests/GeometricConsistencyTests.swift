import CityscapesData
import Foundation
import ImageIO
import SynthCity
import XCTest

/// Warping a neighbouring frame into frame 0 with the exported depth (from the
/// disparity file), camera file and poses must reproduce frame 0 far better than the
/// unwarped neighbour does. Everything is read back from the written files.
final class GeometricConsistencyTests: XCTestCase {
    func testWarpingWithGroundTruthReproducesTheLabelledFrame() throws {
        let folder = try TemporaryFolder("geometry")
        defer { folder.remove() }
        // Static scenes (nothing moves on its own), a moving camera, the quick profile's
        // resolution and supersampling. Sensor noise is independent in every frame, so no
        // warp can predict it: it is off here, and the errors measure geometry alone.
        let settings = SynthCitySettings(seed: 5, trainCount: 3, valCount: 0, width: 128, height: 64,
                                         supersampling: 2, independentMotionProbability: 0,
                                         stationaryCameraProbability: 0, sensorNoise: 0)
        let generator = SynthCityGenerator(settings: settings)
        try generator.generate(root: folder.path)
        let layout = CityscapesLayout(root: folder.path)

        var all = WarpErrors(), interior = WarpErrors()
        for sample in generator.samples(split: .train) {
            for source in [-1, 1] {
                let errors = try warpErrors(layout, sample, source: source)
                let name = "\(sample.frame.stem) frame \(source)"
                XCTAssertGreaterThan(errors.all.pixels, settings.width * settings.height / 3, "few valid pixels: \(name)")
                XCTAssertLessThan(errors.all.warpedMean, errors.all.unwarpedMean / 2, name + ": \(errors.all)")
                XCTAssertLessThan(errors.interior.warpedMean, errors.interior.unwarpedMean * 0.45, name + ": \(errors.interior)")
                XCTAssertLessThan(errors.interior.warpedMean, 3, name + ": \(errors.interior)")
                all.add(errors.all)
                interior.add(errors.interior)
            }
        }
        XCTAssertLessThan(all.warpedMean, all.unwarpedMean / 3, "all valid pixels: \(all)")
        XCTAssertLessThan(interior.warpedMean, interior.unwarpedMean * 0.3, "away from depth edges: \(interior)")
    }

    /// Sums of absolute errors (8-bit levels, over channels) of a neighbour warped into
    /// frame 0 and of the neighbour unwarped, over valid pixels.
    struct WarpErrors: CustomStringConvertible {
        var warped = 0.0, unwarped = 0.0, pixels = 0
        var warpedMean: Double { warped / Double(max(1, 3 * pixels)) }
        var unwarpedMean: Double { unwarped / Double(max(1, 3 * pixels)) }
        mutating func add(_ other: WarpErrors) {
            warped += other.warped
            unwarped += other.unwarped
            pixels += other.pixels
        }
        var description: String {
            String(format: "warped %.2f vs unwarped %.2f levels over %d pixels", warpedMean, unwarpedMean, pixels)
        }
    }

    /// Errors of frame `source` warped into frame 0 over all valid pixels (non-sky, landing
    /// inside the source image) and over the interior ones: valid pixels whose four
    /// neighbours lie within 5 % of their depth. Pixels on depth edges mix two surfaces
    /// (anti-aliasing) and may be occluded in the other frame, so the interior is the
    /// "static, non-occluded" set of the spec.
    private func warpErrors(_ layout: CityscapesLayout, _ sample: SynthCitySample,
                            source: Int) throws -> (all: WarpErrors, interior: WarpErrors) {
        let id = sample.frame
        let target = try PNGImage.read(path: layout.sequenceImage(id, split: .train))
        let neighbour = try PNGImage.read(path: layout.sequenceImage(id.offset(by: source), split: .train))
        let disparity = try PNGImage.read(path: layout.disparity(id, split: .train))
        let camera = try CityscapesCamera(json: Data(contentsOf: URL(fileURLWithPath: layout.camera(id, split: .train))))
        let pose = try readJSON(layout.pose(id, split: .train))
        let t0 = try poseMatrix(pose, frame: "0"), ts = try poseMatrix(pose, frame: "\(source)")
        XCTAssertEqual(target.kind, .rgb8)
        XCTAssertEqual(disparity.kind, .gray16)

        let w = target.width, h = target.height
        let depth: [Double] = disparity.pixels16.map {
            $0 > 1 ? camera.baseline * camera.fx / (Double($0 - 1) / 256) : 0
        }
        var all = WarpErrors(), interior = WarpErrors()
        for j in 0..<h {
            for i in 0..<w {
                let z = depth[j * w + i]
                guard z > 0 else { continue }
                let x0 = [(Double(i) - camera.u0) / camera.fx * z, (Double(j) - camera.v0) / camera.fy * z, z]
                // World point T_0 * X, then into the source camera: R_s^T (X_w - t_s).
                let world = (0..<3).map { r in t0[r][0] * x0[0] + t0[r][1] * x0[1] + t0[r][2] * x0[2] + t0[r][3] }
                let d = (0..<3).map { world[$0] - ts[$0][3] }
                let xs = (0..<3).map { c in ts[0][c] * d[0] + ts[1][c] * d[1] + ts[2][c] * d[2] }
                guard xs[2] > 0.1 else { continue }
                let u = camera.fx * xs[0] / xs[2] + camera.u0, v = camera.fy * xs[1] / xs[2] + camera.v0
                guard u >= 0, v >= 0, u <= Double(w - 1), v <= Double(h - 1) else { continue }
                var pixel = WarpErrors(pixels: 1)
                for c in 0..<3 {
                    let actual = Double(target.pixels[(j * w + i) * 3 + c])
                    pixel.warped += abs(actual - bilinear(neighbour, u, v, channel: c))
                    pixel.unwarped += abs(actual - Double(neighbour.pixels[(j * w + i) * 3 + c]))
                }
                all.add(pixel)
                let smooth = i > 0 && j > 0 && i < w - 1 && j < h - 1
                    && [(-1, 0), (1, 0), (0, -1), (0, 1)].allSatisfy { (a, b) in
                        let e = depth[(j + b) * w + i + a]
                        return e > 0 && abs(e - z) <= 0.05 * z
                    }
                if smooth { interior.add(pixel) }
            }
        }
        return (all, interior)
    }

    private func bilinear(_ image: PNGImage, _ u: Double, _ v: Double, channel: Int) -> Double {
        let x0 = min(Int(u), image.width - 2), y0 = min(Int(v), image.height - 2)
        let fx = u - Double(x0), fy = v - Double(y0)
        func at(_ x: Int, _ y: Int) -> Double { Double(image.pixels[(y * image.width + x) * 3 + channel]) }
        let top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
        let bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }
}
