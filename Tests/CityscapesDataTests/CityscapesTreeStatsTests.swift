import CityscapesData
import EngineTestSupport
import Foundation
import ImageIO
import XCTest

/// `CityscapesTreeStats` on a hand-built 4x2 tree against counts worked out by hand.
final class CityscapesTreeStatsTests: XCTestCase {
    /// Train: alpha_000000_000019 (with sequence frames and disparity, camera 0.5 m x
    /// 100 px) and alpha_000001_000019 (disparity, camera 0.2 m x 50 px); val:
    /// beta_000000_000019 (labels and camera only). Plus SynthCity's scenes.csv and
    /// settings.json.
    func buildTree(_ root: String) throws {
        let layout = CityscapesLayout(root: root)
        let a = CityscapesFrameID(city: "alpha", sequence: 0, frame: 19)
        let b = CityscapesFrameID(city: "alpha", sequence: 1, frame: 19)
        let v = CityscapesFrameID(city: "beta", sequence: 0, frame: 19)
        let image = PNGImage(width: 4, height: 2, rgb8: [UInt8](repeating: 90, count: 24))
        for (frame, split) in [(a, CityscapesSplit.train), (b, .train), (v, .val)] {
            try writePNG(image, to: layout.leftImage(frame, split: split))
        }
        try writePNG(image, to: layout.sequenceImage(a.offset(by: -1), split: .train))
        try writePNG(image, to: layout.sequenceImage(a.offset(by: 1), split: .train))
        try writePNG(PNGImage(width: 4, height: 2, gray8: [7, 7, 8, 26, 23, 0, 200, 7]), to: layout.labelIds(a, split: .train))
        try writePNG(PNGImage(width: 4, height: 2, gray8: [11, 11, 11, 11, 7, 7, 7, 7]), to: layout.labelIds(b, split: .train))
        try writePNG(PNGImage(width: 4, height: 2, gray8: [UInt8](repeating: 21, count: 8)), to: layout.labelIds(v, split: .val))
        // Depths 50, 25, 100, 12800, 12.5 m; three invalid pixels.
        try writePNG(PNGImage(width: 4, height: 2, gray16: [0, 1, 257, 513, 129, 2, 1025, 0]), to: layout.disparity(a, split: .train))
        // Two pixels at 10 m; six invalid.
        try writePNG(PNGImage(width: 4, height: 2, gray16: [257, 257, 0, 0, 0, 0, 0, 0]), to: layout.disparity(b, split: .train))
        func camera(baseline: Double, fx: Double) -> String {
            CityscapesCamera(fx: fx, fy: fx, u0: 2, v0: 1, baseline: baseline, x: 0, y: 0, z: 1, yaw: 0, pitch: 0, roll: 0).jsonText
        }
        try writeText(camera(baseline: 0.5, fx: 100), to: layout.camera(a, split: .train))
        try writeText(camera(baseline: 0.2, fx: 50), to: layout.camera(b, split: .train))
        try writeText(camera(baseline: 0.2, fx: 50), to: layout.camera(v, split: .val))
        try writeText("""
            split,city,sequence,frame,archetype,stationary_camera,ego_speed_m_per_frame,moving_objects
            train,alpha,0,19,downtown,false,0.9,2
            train,alpha,1,19,suburban,false,1.1,0
            val,beta,0,19,downtown,true,0.0,1

            """, to: root + "/synthcity/scenes.csv")
        try writeText(#"{"generator": "synthcity", "version": 1, "seed": 42, "hash": "00112233445566ff"}"#,
                      to: root + "/synthcity/settings.json")
    }

    func testHandBuiltTree() throws {
        let folder = try TemporaryFolder("stats")
        defer { folder.remove() }
        try buildTree(folder.path)
        let stats = try CityscapesTreeStats.compute(root: folder.path)

        XCTAssertEqual(stats.splits, [
            .init(split: "train", images: 2, labelImages: 2, sequenceImages: 2, disparityImages: 2, cameraFiles: 2),
            .init(split: "val", images: 1, labelImages: 1, sequenceImages: 0, disparityImages: 0, cameraFiles: 1),
        ])
        XCTAssertEqual(stats.classFrequencies.map(\.split), ["train", "val", "all"])
        XCTAssertEqual(stats.classFrequencies.map(\.pixels), [16, 8, 24])
        XCTAssertEqual(stats.classFrequencies.map(\.labelImages), [2, 1, 3])
        func pixels(_ split: Int, _ name: String) -> Int? {
            stats.classFrequencies[split].classes.first { $0.name == name }?.pixels
        }
        let train: [String: Int] = ["road": 7, "sidewalk": 1, "building": 4, "sky": 1, "car": 1, "ignored": 2]
        for c in stats.classFrequencies[0].classes {
            XCTAssertEqual(c.pixels, train[c.name] ?? 0, c.name)
            XCTAssertEqual(c.fraction, Double(train[c.name] ?? 0) / 16, accuracy: 1e-12, c.name)
        }
        XCTAssertEqual(stats.classFrequencies[0].classes.map(\.trainId), Array(0...18) + [255])
        XCTAssertEqual(pixels(1, "vegetation"), 8)
        XCTAssertEqual(pixels(2, "road"), 7)
        XCTAssertEqual(pixels(2, "vegetation"), 8)
        XCTAssertEqual(stats.classFrequencies[2].classes[0].fraction, 7.0 / 24, accuracy: 1e-12)

        XCTAssertEqual(stats.archetypes?.map(\.archetype), ["downtown", "suburban"])
        XCTAssertEqual(stats.archetypes?.map(\.sequences), [2, 1])
        XCTAssertEqual(stats.archetypes?[0].fraction ?? 0, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(stats.synthCity, .init(seed: 42, settingsHash: "00112233445566ff", version: 1))

        // Valid depths, sorted: 10, 10, 12.5, 25, 50, 100, 12800 (nearest rank).
        let depth = try XCTUnwrap(stats.depth)
        XCTAssertEqual(depth.images, 2)
        XCTAssertEqual(depth.validPixels, 7)
        XCTAssertEqual(depth.invalidPixels, 9)
        XCTAssertEqual(depth.minimum, 10, accuracy: 1e-9)
        XCTAssertEqual(depth.percentile5, 10, accuracy: 1e-9)
        XCTAssertEqual(depth.median, 25, accuracy: 1e-9)
        XCTAssertEqual(depth.percentile95, 12800, accuracy: 1e-6)
        XCTAssertEqual(depth.maximum, 12800, accuracy: 1e-6)

        let roadLine = try XCTUnwrap(stats.tableText.split(separator: "\n").first { $0.hasPrefix("road ") })
        XCTAssertEqual(roadLine.split(separator: " "), ["road", "43.750", "0.000", "29.167"])
        XCTAssertTrue(stats.tableText.contains("seed 42, settings hash 00112233445566ff"))
    }

    func testJSONRoundTrip() throws {
        let folder = try TemporaryFolder("stats-json")
        defer { folder.remove() }
        try buildTree(folder.path)
        let stats = try CityscapesTreeStats.compute(root: folder.path)
        let decoded = try JSONDecoder().decode(CityscapesTreeStats.self, from: JSONEncoder().encode(stats))
        XCTAssertEqual(decoded, stats)
    }

    func testUnreadableLabelNamesTheFile() throws {
        let folder = try TemporaryFolder("stats-bad")
        defer { folder.remove() }
        try buildTree(folder.path)
        let path = CityscapesLayout(root: folder.path).labelIds(CityscapesFrameID(city: "beta", sequence: 0, frame: 19), split: .val)
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try CityscapesTreeStats.compute(root: folder.path)) { error in
            XCTAssertEqual(error as? CityscapesDataError, .unreadable(path: path, reason: "not a PNG file"))
        }
    }
}
