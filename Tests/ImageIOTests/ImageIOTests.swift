import Foundation
import XCTest
@testable import ImageIO

final class ImageIOTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ImageIOTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func write(_ bytes: [UInt8], to name: String) throws -> String {
        let file = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    // MARK: Round trips

    func testRGB8RoundTrip() throws {
        var rng = SplitMix(seed: 1)
        let image = PNGImage(width: 7, height: 5, rgb8: (0..<7 * 5 * 3).map { _ in rng.byte() })
        let file = path("rgb.png")
        try image.write(path: file)
        XCTAssertEqual(try PNGImage.read(path: file), image)
        XCTAssertEqual(try PNGImage.read(path: file, as: .rgb8), image)
    }

    func testGray8RoundTrip() throws {
        var rng = SplitMix(seed: 2)
        let image = PNGImage(width: 7, height: 5, gray8: (0..<35).map { _ in rng.byte() })
        let file = path("gray8.png")
        try image.write(path: file)
        XCTAssertEqual(try PNGImage.read(path: file), image)
    }

    func testGray16RoundTripKeepsValuesAbove255() throws {
        var rng = SplitMix(seed: 3)
        var samples = (0..<33).map { _ in UInt16(truncatingIfNeeded: rng.next()) }
        samples += [0, 255, 256, 257, 1000, 4096, 32768, 65534, 65535, 0x1234, 0xFF00, 0x00FF]
        let image = PNGImage(width: 3, height: 15, gray16: samples)
        let file = path("gray16.png")
        try image.write(path: file)
        let back = try PNGImage.read(path: file)
        XCTAssertEqual(back.kind, .gray16)
        XCTAssertEqual(back.pixels16, samples)
        XCTAssertTrue(back.pixels16.contains { $0 > 255 })
        XCTAssertEqual(back, image)
    }

    func testSinglePixelAndSingleRowImages() throws {
        for image in [PNGImage(width: 1, height: 1, gray8: [42]),
                      PNGImage(width: 13, height: 1, rgb8: (0..<39).map { UInt8($0 * 6) }),
                      PNGImage(width: 1, height: 9, gray16: (0..<9).map { UInt16($0 * 7000) })] {
            let file = path("small.png")
            try image.write(path: file)
            XCTAssertEqual(try PNGImage.read(path: file), image)
        }
    }

    func testWriteReplacesExistingFile() throws {
        let file = path("replace.png")
        try PNGImage(width: 4, height: 4, rgb8: [UInt8](repeating: 9, count: 48)).write(path: file)
        let second = PNGImage(width: 2, height: 3, gray8: [1, 2, 3, 4, 5, 6])
        try second.write(path: file)
        XCTAssertEqual(try PNGImage.read(path: file), second)
    }

    // MARK: Conversions on read

    func testGrayReadAsRGBReplicatesChannels() throws {
        let file = path("g.png")
        try PNGImage(width: 3, height: 1, gray8: [0, 100, 255]).write(path: file)
        let rgb = try PNGImage.read(path: file, as: .rgb8)
        XCTAssertEqual(rgb.kind, .rgb8)
        XCTAssertEqual(rgb.pixels, [0, 0, 0, 100, 100, 100, 255, 255, 255])
    }

    func testRGBReadAsGrayUsesLuminanceWeights() throws {
        let file = path("c.png")
        let pixels: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 77, 77, 77]
        try PNGImage(width: 4, height: 1, rgb8: pixels).write(path: file)
        let gray = try PNGImage.read(path: file, as: .gray8)
        XCTAssertEqual(gray.kind, .gray8)
        XCTAssertEqual(gray.pixels.count, 4)
        // Rec. 709: 0.2126 R + 0.7152 G + 0.0722 B.
        for (value, expected) in zip(gray.pixels, [54.2, 182.4, 18.4, 77.0]) {
            XCTAssertEqual(Double(value), expected, accuracy: 1)
        }
        XCTAssertEqual(gray.pixels[3], 77, "grey colours stay exact")
    }

    func testBitDepthConversions() throws {
        let file8 = path("d8.png")
        try PNGImage(width: 4, height: 1, gray8: [0, 1, 128, 255]).write(path: file8)
        XCTAssertEqual(try PNGImage.read(path: file8, as: .gray16).pixels16, [0, 257, 32896, 65535])

        let file16 = path("d16.png")
        try PNGImage(width: 4, height: 1, gray16: [0, 257, 32896, 65535]).write(path: file16)
        XCTAssertEqual(try PNGImage.read(path: file16, as: .gray8).pixels, [0, 1, 128, 255])
        XCTAssertEqual(try PNGImage.read(path: file16, as: .rgb8).pixels,
                       [0, 0, 0, 1, 1, 1, 128, 128, 128, 255, 255, 255])
    }

    // MARK: Layouts written by other tools

    func testPaletteWithTransparencyReadsAsRGB() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]
        let bytes = RawPNG.file(width: 3, height: 2, bitDepth: 8, colorType: 3,
                                rows: [[0, 1, 2], [3, 3, 0]],
                                chunks: [("PLTE", palette), ("tRNS", [0, 128])])
        let image = try PNGImage.read(path: try write(bytes, to: "palette.png"))
        XCTAssertEqual(image.kind, .rgb8)
        XCTAssertEqual(image.pixels, [255, 0, 0, 0, 255, 0, 0, 0, 255,
                                      10, 20, 30, 10, 20, 30, 255, 0, 0])
        let asGray16 = try PNGImage.read(path: try write(bytes, to: "palette.png"), as: .gray16)
        XCTAssertEqual(asGray16.pixels16.count, 6)
    }

    func testGrayAlphaDropsAlpha() throws {
        let bytes = RawPNG.file(width: 2, height: 2, bitDepth: 8, colorType: 4,
                                rows: [[10, 255, 20, 0], [30, 128, 40, 1]])
        let image = try PNGImage.read(path: try write(bytes, to: "ga.png"))
        XCTAssertEqual(image, PNGImage(width: 2, height: 2, gray8: [10, 20, 30, 40]))
    }

    func testRGBA16ReadsAsRGB8() throws {
        func sample(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
        let row = [0xFFFF, 0, 0x8080, 0x1234, 0x0101, 0x0202, 0xFEFE, 0].flatMap { sample(UInt16($0)) }
        let bytes = RawPNG.file(width: 2, height: 1, bitDepth: 16, colorType: 6, rows: [row])
        let image = try PNGImage.read(path: try write(bytes, to: "rgba16.png"))
        XCTAssertEqual(image, PNGImage(width: 2, height: 1, rgb8: [255, 0, 128, 1, 2, 254]))
    }

    func testOneBitGrayExpandsToFullRange() throws {
        let bytes = RawPNG.file(width: 10, height: 1, bitDepth: 1, colorType: 0,
                                rows: [[0b1010_0000, 0b1100_0000]])
        let image = try PNGImage.read(path: try write(bytes, to: "bits.png"))
        XCTAssertEqual(image.pixels, [255, 0, 255, 0, 0, 0, 0, 0, 255, 255])
    }

    // MARK: Errors name the file

    private func assertReadFails(_ file: String, _ expected: (PNGError) -> Bool,
                                 line: UInt = #line) {
        XCTAssertThrowsError(try PNGImage.read(path: file), line: line) { error in
            guard let error = error as? PNGError else {
                return XCTFail("expected PNGError, got \(error)", line: line)
            }
            XCTAssertTrue(expected(error), "unexpected \(error)", line: line)
            XCTAssertEqual(error.path, file, line: line)
            XCTAssertTrue(error.description.contains(file), error.description, line: line)
        }
    }

    func testMissingFileThrows() {
        let file = path("missing.png")
        assertReadFails(file) { $0 == .fileNotFound(path: file) }
        XCTAssertEqual(PNGError.fileNotFound(path: file).description,
                       "cannot read PNG '\(file)': file not found")
    }

    func testNonPNGFileThrows() throws {
        let file = try write(Array("this is plainly some text".utf8), to: "text.png")
        assertReadFails(file) { $0 == .notPNG(path: file) }
    }

    func testEmptyFileThrows() throws {
        let file = try write([], to: "empty.png")
        assertReadFails(file) { $0 == .emptyFile(path: file) }
    }

    func testTruncatedFileThrows() throws {
        var rng = SplitMix(seed: 4)
        let file = path("cut.png")
        try PNGImage(width: 40, height: 30, rgb8: (0..<3600).map { _ in rng.byte() }).write(path: file)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: file))
        assertReadFails(file) { $0 == .truncated(path: file) }

        let signatureOnly = try write(Array(RawPNG.signature.prefix(5)), to: "sig.png")
        assertReadFails(signatureOnly) { $0 == .truncated(path: signatureOnly) }
    }

    func testBadChecksumThrowsCorrupt() throws {
        var bytes = RawPNG.file(width: 1, height: 1, bitDepth: 8, colorType: 0, rows: [[7]])
        bytes[20] ^= 0xFF // inside the IHDR data, so its CRC no longer matches
        let file = try write(bytes, to: "crc.png")
        assertReadFails(file) {
            if case .corrupt = $0 { return true } else { return false }
        }
    }

    func testReadingADirectoryThrows() throws {
        let file = path("folder.png")
        try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
        assertReadFails(file) {
            if case .unreadable = $0 { return true } else { return false }
        }
    }

    func testWritingIntoMissingDirectoryThrowsAndCreatesNothing() {
        let file = path("no/such/dir/out.png")
        XCTAssertThrowsError(try PNGImage(width: 1, height: 1, gray8: [0]).write(path: file)) { error in
            let description = String(describing: error)
            XCTAssertTrue(description.contains(file), description)
            XCTAssertTrue(description.hasPrefix("cannot write PNG"), description)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("no")))
    }

    func testWritingAnEmptyImageThrowsAndLeavesNoFile() {
        let file = path("empty-image.png")
        XCTAssertThrowsError(try PNGImage(width: 0, height: 3, gray8: []).write(path: file)) { error in
            XCTAssertTrue(String(describing: error).contains(file))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: file))
    }
}

/// A small deterministic generator for test pixels.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
}
