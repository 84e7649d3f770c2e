import CityscapesData
import EngineTestSupport
import Foundation
import ImageIO
import XCTest

/// `CityscapesPreparation` on a tiny fake download: 64x32 sources converted to width 32.
final class CityscapesPreparationTests: XCTestCase {
    let trainFrame = CityscapesFrameID(city: "aachen", sequence: 3, frame: 19)
    let valFrame = CityscapesFrameID(city: "bonn", sequence: 0, frame: 19)
    let testFrame = CityscapesFrameID(city: "berlin", sequence: 0, frame: 19)
    let camera = CityscapesCamera(fx: 2262.52, fy: 2265.3, u0: 1096.98, v0: 513.137, baseline: 0.209313,
                                  x: 1.7, y: 0.1, z: 1.18, yaw: -0.0195, pitch: 0.038, roll: 0)

    /// Label ids 0...33 varying per pixel.
    func labels(_ x: Int, _ y: Int) -> UInt8 { UInt8((x * 7 + y * 3) % 34) }
    /// Stored disparity values (0 = invalid on the top rows).
    func disparity(_ x: Int, _ y: Int) -> UInt16 { y < 4 ? 0 : UInt16(1000 + 97 * x + 211 * y) }

    /// The official layout at 64x32 for train, val and test (frames -2...+1 in the
    /// sequence folder, an instanceIds file that is not converted).
    func buildDownload(_ root: String) throws {
        let src = CityscapesLayout(root: root)
        let w = 64, h = 32
        let samples: [UInt8] = (0..<w * h * 3).map { (i: Int) -> UInt8 in UInt8((i * 37 + (i / 192) * 11) % 256) }
        let image = PNGImage(width: w, height: h, rgb8: samples)
        let ids = (0..<h).flatMap { y in (0..<w).map { labels($0, y) } }
        for (frame, split) in [(trainFrame, CityscapesSplit.train), (valFrame, .val), (testFrame, .test)] {
            try writePNG(image, to: src.leftImage(frame, split: split))
            for k in [-2, -1, 1] { try writePNG(image, to: src.sequenceImage(frame.offset(by: k), split: split)) }
            try writePNG(PNGImage(width: w, height: h, gray8: ids), to: src.labelIds(frame, split: split))
            try writePNG(PNGImage(width: w, height: h, rgb8: ids.flatMap { [$0, $0 &* 3, 255 - $0] }),
                         to: src.labelColor(frame, split: split))
            try writePNG(PNGImage(width: w, height: h, gray16: (0..<h).flatMap { y in (0..<w).map { disparity($0, y) } }),
                         to: src.disparity(frame, split: split))
            try writeText(camera.jsonText, to: src.camera(frame, split: split))
            try writePNG(PNGImage(width: w, height: h, gray16: [UInt16](repeating: 26000, count: w * h)),
                         to: src.directory(.gtFine, split: split, city: frame.city) + "/\(frame.stem)_gtFine_instanceIds.png")
        }
    }

    func testConvertsSizesLabelsDisparityAndCamera() throws {
        let folder = try TemporaryFolder("prepare")
        defer { folder.remove() }
        try buildDownload(folder.path + "/src")
        let prep = CityscapesPreparation(source: folder.path + "/src", destination: folder.path + "/dst", width: 32)
        let summary = try prep.run()
        // Per split: 1 image, 3 sequence frames, labelIds, color, disparity, camera.
        XCTAssertEqual(summary.written, 16)
        XCTAssertEqual(summary.skipped, 0)
        XCTAssertEqual(summary.counts.map(\.written), [2, 6, 2, 2, 2, 2])
        let dst = CityscapesLayout(root: folder.path + "/dst")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dst.leftImage(testFrame, split: .test)), "test is skipped")
        XCTAssertFalse(FileManager.default.fileExists(
            atPath: dst.directory(.gtFine, split: .train, city: "aachen") + "/\(trainFrame.stem)_gtFine_instanceIds.png"))
        XCTAssertEqual(CityscapesTreeChecker(root: dst.root).check().problems, [])

        let source = CityscapesLayout(root: folder.path + "/src")
        let image = try PNGImage.read(path: dst.leftImage(trainFrame, split: .train))
        XCTAssertEqual([image.width, image.height], [32, 16])
        XCTAssertEqual(image, ImageResampler.resizedAntialiased(
            try PNGImage.read(path: source.leftImage(trainFrame, split: .train)), width: 32, height: 16))

        // Halving picks source pixel 2i + 1 in both directions.
        let ids = try PNGImage.read(path: dst.labelIds(valFrame, split: .val))
        let colors = try PNGImage.read(path: dst.labelColor(valFrame, split: .val))
        let stored = try PNGImage.read(path: dst.disparity(valFrame, split: .val))
        XCTAssertEqual([ids.kind, colors.kind, stored.kind], [.gray8, .rgb8, .gray16])
        let converted = try CityscapesCamera(json: Data(contentsOf: URL(fileURLWithPath: dst.camera(valFrame, split: .val))))
        for y in 0..<16 {
            for x in 0..<32 {
                let id = labels(2 * x + 1, 2 * y + 1)
                XCTAssertEqual(ids.pixels[y * 32 + x], id)
                XCTAssertEqual(Array(colors.pixels[(y * 32 + x) * 3..<(y * 32 + x) * 3 + 3]), [id, id &* 3, 255 - id])
                let p = disparity(2 * x + 1, 2 * y + 1), q = stored.pixels16[y * 32 + x]
                guard p > 0 else {
                    XCTAssertEqual(q, 0)
                    continue
                }
                XCTAssertEqual(q, UInt16((Double(p - 1) * 0.5).rounded()) + 1)
                // Depth is preserved up to the half-step quantisation of the new value.
                let before = try XCTUnwrap(CityscapesDisparity.depth(stored: p, baseline: camera.baseline, fx: camera.fx))
                let after = try XCTUnwrap(CityscapesDisparity.depth(stored: q, baseline: converted.baseline, fx: converted.fx))
                XCTAssertEqual(after / before, 1, accuracy: 0.5 / Double(q - 1) + 1e-12)
            }
        }
        XCTAssertEqual(converted.fx, camera.fx / 2, accuracy: 1e-9)
        XCTAssertEqual(converted.fy, camera.fy / 2, accuracy: 1e-9)
        XCTAssertEqual(converted.u0, camera.u0 / 2, accuracy: 1e-9)
        XCTAssertEqual(converted.v0, camera.v0 / 2, accuracy: 1e-9)
        XCTAssertEqual(converted.baseline, camera.baseline)
        XCTAssertEqual([converted.x, converted.y, converted.z, converted.yaw, converted.pitch, converted.roll],
                       [camera.x, camera.y, camera.z, camera.yaw, camera.pitch, camera.roll])
    }

    func testExistingOutputsAreSkipped() throws {
        let folder = try TemporaryFolder("prepare-resume")
        defer { folder.remove() }
        try buildDownload(folder.path + "/src")
        let prep = CityscapesPreparation(source: folder.path + "/src", destination: folder.path + "/dst", width: 32)
        _ = try prep.run()
        let dst = CityscapesLayout(root: folder.path + "/dst")
        // A stand-in output is kept as it is; a deleted one is written again.
        let kept = dst.labelIds(trainFrame, split: .train)
        try Data("placeholder".utf8).write(to: URL(fileURLWithPath: kept))
        try FileManager.default.removeItem(atPath: dst.camera(valFrame, split: .val))
        let again = try prep.run()
        XCTAssertEqual(again.written, 1)
        XCTAssertEqual(again.skipped, 15)
        XCTAssertEqual(again.counts.first { $0.kind == .camera }?.written, 1)
        XCTAssertEqual(try String(contentsOfFile: kept, encoding: .utf8), "placeholder")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dst.camera(valFrame, split: .val)))
        XCTAssertFalse(relativeFileNames(dst.root).contains { $0.hasSuffix(".partial") })
    }

    func testNeighboursModeConvertsOnlyAdjacentFrames() throws {
        let folder = try TemporaryFolder("prepare-neighbours")
        defer { folder.remove() }
        try buildDownload(folder.path + "/src")
        let prep = CityscapesPreparation(source: folder.path + "/src", destination: folder.path + "/dst", width: 32,
                                         sequenceFrames: .neighbours)
        let jobs = try prep.plan().filter { $0.kind == .sequenceImage }
        XCTAssertEqual(jobs.map { ($0.destination as NSString).lastPathComponent }, [
            "aachen_000003_000018_leftImg8bit.png", "aachen_000003_000020_leftImg8bit.png",
            "bonn_000000_000018_leftImg8bit.png", "bonn_000000_000020_leftImg8bit.png",
        ])
    }

    func testUnreadableSourceNamesTheFile() throws {
        let folder = try TemporaryFolder("prepare-bad")
        defer { folder.remove() }
        try buildDownload(folder.path + "/src")
        let bad = CityscapesLayout(root: folder.path + "/src").disparity(valFrame, split: .val)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: bad))
        try bytes.prefix(60).write(to: URL(fileURLWithPath: bad))
        let prep = CityscapesPreparation(source: folder.path + "/src", destination: folder.path + "/dst", width: 32)
        XCTAssertThrowsError(try prep.run()) { error in
            XCTAssertEqual((error as? CityscapesDataError)?.path, bad)
            XCTAssertTrue("\(error)".contains(bad))
        }
        XCTAssertThrowsError(try CityscapesPreparation(source: folder.path + "/nothing", destination: folder.path + "/dst",
                                                       width: 32).plan())
    }

    func testDisparityRescaling() {
        XCTAssertEqual(CityscapesPreparation.rescaledDisparity(0, scale: 0.5), 0)
        XCTAssertEqual(CityscapesPreparation.rescaledDisparity(1, scale: 0.5), 1)
        XCTAssertEqual(CityscapesPreparation.rescaledDisparity(257, scale: 0.5), 129)
        XCTAssertEqual(CityscapesPreparation.rescaledDisparity(4, scale: 0.5), 3)   // 1.5 rounds up
        XCTAssertEqual(CityscapesPreparation.rescaledDisparity(60000, scale: 2), 65535)
    }

    /// Every file name under `root`.
    func relativeFileNames(_ root: String) -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []
    }
}
