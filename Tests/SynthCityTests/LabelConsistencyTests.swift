import CityscapesData
import Foundation
import ImageIO
import SynthCity
import XCTest

/// Labels, disparity, colour labels and camera files of a written tree agree with each
/// other and with the settings.
final class LabelConsistencyTests: XCTestCase {
    func testLabelsDisparityAndCameraAgree() throws {
        let folder = try TemporaryFolder("labels")
        defer { folder.remove() }
        let settings = tinySettings(seed: 3, train: 3, val: 1)
        let generator = SynthCityGenerator(settings: settings)
        try generator.generate(root: folder.path)
        let layout = CityscapesLayout(root: folder.path)
        let evaluated = Set(CityscapesLabels.evaluated.map { UInt8($0.id) })

        for split in SynthCityGenerator.splits {
            for sample in generator.samples(split: split) {
                let id = sample.frame
                let labels = try PNGImage.read(path: layout.labelIds(id, split: split))
                let colours = try PNGImage.read(path: layout.labelColor(id, split: split))
                let disparity = try PNGImage.read(path: layout.disparity(id, split: split))
                XCTAssertEqual(labels.kind, .gray8)
                XCTAssertEqual(colours.kind, .rgb8)
                XCTAssertEqual(disparity.kind, .gray16)
                XCTAssertEqual([labels.width, labels.height], [settings.width, settings.height])

                var skyPixels = 0
                for p in 0..<labels.pixels.count {
                    let label = labels.pixels[p]
                    XCTAssertTrue(evaluated.contains(label), "label id \(label) in \(id.stem) is not evaluated")
                    let isSky = label == CityscapesLabels.sky
                    XCTAssertEqual(isSky, disparity.pixels16[p] == 0,
                                   "\(id.stem) pixel \(p): label \(label), disparity \(disparity.pixels16[p])")
                    if isSky { skyPixels += 1 }
                    let colour = CityscapesLabels.colorOfLabelId[Int(label)]
                    XCTAssertEqual([colours.pixels[3 * p], colours.pixels[3 * p + 1], colours.pixels[3 * p + 2]],
                                   [colour.r, colour.g, colour.b])
                }
                XCTAssertLessThan(skyPixels, labels.pixels.count / 2, "\(id.stem) is mostly sky")

                let camera = try CityscapesCamera(json: Data(contentsOf: URL(fileURLWithPath: layout.camera(id, split: split))))
                let k = settings.intrinsics
                XCTAssertEqual([camera.fx, camera.fy, camera.u0, camera.v0], [k.fx, k.fy, k.cx, k.cy])
                XCTAssertEqual(camera.fx, 1.104 * 64, accuracy: 1e-9)
                XCTAssertEqual(camera.v0, 0.501 * 32, accuracy: 1e-9)
                XCTAssertEqual(camera.baseline, 0.209313)
                XCTAssertEqual(camera.z, 1.22)
            }
        }
    }

    func testDisparityRoundTripsTheRenderedDepth() {
        let settings = tinySettings(seed: 9, train: 1)
        let sequence = SynthCityGenerator(settings: settings).render(split: .train, index: 0)
        let fx = settings.intrinsics.fx
        var checked = 0
        for (p, depth) in sequence.depth.enumerated() where depth > 0 {
            let stored = CityscapesDisparity.encode(depth: Double(depth), baseline: SynthCityRig.baseline, fx: fx)
            let decoded = try! XCTUnwrap(CityscapesDisparity.depth(stored: stored, baseline: SynthCityRig.baseline, fx: fx))
            // Within half a disparity step of 1/256 pixel.
            let disparity = SynthCityRig.baseline * fx / Double(depth)
            XCTAssertEqual(SynthCityRig.baseline * fx / decoded, disparity, accuracy: 0.5 / 256 + 1e-9, "pixel \(p)")
            XCTAssertEqual(sequence.labelIds[p] == CityscapesLabels.sky, false)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 0)
        XCTAssertEqual(CityscapesDisparity.encode(depth: 0, baseline: 0.2, fx: 100), 0)
        XCTAssertNil(CityscapesDisparity.depth(stored: 1, baseline: 0.2, fx: 100))
    }

    func testPoseFileFollowsTheSpec() throws {
        let folder = try TemporaryFolder("pose")
        defer { folder.remove() }
        let generator = SynthCityGenerator(settings: tinySettings(seed: 4, train: 1, stationary: 0))
        try generator.generate(root: folder.path)
        let sample = generator.sample(split: .train, index: 0)
        let pose = try readJSON(CityscapesLayout(root: folder.path).pose(sample.frame, split: .train))
        XCTAssertEqual(pose["convention"] as? String, "camera-to-world, x right, y down, z forward, metres")
        let frames = try XCTUnwrap(pose["frames"] as? [String: Any])
        XCTAssertEqual(Set(frames.keys), ["-1", "0", "1"])
        let m0 = try poseMatrix(pose, frame: "0"), m1 = try poseMatrix(pose, frame: "1")
        XCTAssertEqual(m0[3], [0, 0, 0, 1])
        XCTAssertEqual(m0[1][3], -1.22, accuracy: 1e-12, "camera 1.22 m above the road (y down)")
        // The camera drives forward between frames 0 and 1 by the drawn speed.
        let speed = generator.describe(split: .train, index: 0).egoSpeed
        let step = (0..<3).map { m1[$0][3] - m0[$0][3] }
        XCTAssertEqual((step[0] * step[0] + step[2] * step[2]).squareRoot(), speed, accuracy: 1e-9)
        XCTAssertGreaterThan(step[2], 0.25)
    }
}
