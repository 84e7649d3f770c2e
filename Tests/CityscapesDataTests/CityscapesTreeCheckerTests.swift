import CityscapesData
import EngineTestSupport
import Foundation
import ImageIO
import TreeTestSupport
import XCTest

/// `CityscapesTreeChecker` finds nothing in a clean SynthCity tree and reports each
/// planted defect exactly once, naming the right file.
final class CityscapesTreeCheckerTests: XCTestCase {
    /// The tiny tree: 3 train + 1 val sequences at 64x32.
    static let tiny = TinyTree.settings(seed: 5, train: 3, val: 1, supersampling: 1)

    /// Checks a fresh copy of the tiny tree after `plant` changed it; returns the copy's
    /// layout and the problems found.
    func problems(after plant: (CityscapesLayout, [CityscapesFrameID]) throws -> Void) throws
        -> (CityscapesLayout, [CityscapesTreeProblem]) {
        let folder = try TinyTree.copy("tree", Self.tiny)
        addTeardownBlock { folder.remove() }
        let layout = CityscapesLayout(root: folder.path)
        try plant(layout, layout.frames(split: .train))
        return (layout, CityscapesTreeChecker(root: folder.path).check().problems)
    }

    func testCleanTreeHasNoProblems() throws {
        let folder = try TinyTree.copy("tree", Self.tiny)
        defer { folder.remove() }
        let report = CityscapesTreeChecker(root: folder.path).check()
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.samplesPerSplit.map(\.split), [.train, .val])
        XCTAssertEqual(report.samplesPerSplit.map(\.samples), [3, 1])
        XCTAssertEqual(report.summary, "checked 3 train + 1 val samples: 0 problems")
    }

    func testDeletedSequenceFrame() throws {
        var path = ""
        let (_, found) = try problems { layout, frames in
            path = layout.sequenceImage(frames[1].offset(by: 1), split: .train)
            try FileManager.default.removeItem(atPath: path)
        }
        XCTAssertEqual(found.map(\.kind), [.missingFile])
        XCTAssertEqual(found.map(\.path), [path])
        XCTAssertTrue(found[0].description.contains(path))
    }

    func testLabelOfWrongSize() throws {
        var path = ""
        let (_, found) = try problems { layout, frames in
            path = layout.labelIds(frames[0], split: .train)
            try PNGImage(width: 32, height: 16, gray8: [UInt8](repeating: 7, count: 512)).write(path: path)
        }
        XCTAssertEqual(found.map(\.kind), [.sizeMismatch])
        XCTAssertEqual(found.map(\.path), [path])
        XCTAssertEqual(found[0].detail, "is 32x16 but its leftImg8bit image is 64x32")
    }

    func testLabelWithUnknownId() throws {
        var path = ""
        let (_, found) = try problems { layout, frames in
            path = layout.labelIds(frames[2], split: .train)
            let labels = try PNGImage.read(path: path)
            var ids = labels.pixels
            ids[5] = 200
            ids[6] = 200
            try PNGImage(width: labels.width, height: labels.height, gray8: ids).write(path: path)
        }
        XCTAssertEqual(found.map(\.kind), [.unknownLabelId])
        XCTAssertEqual(found.map(\.path), [path])
        XCTAssertEqual(found[0].detail, "label ids outside the official table 0...33: 200 (2 px)")
    }

    func testTruncatedPNG() throws {
        var path = ""
        let (_, found) = try problems { layout, frames in
            path = layout.leftImage(frames[1], split: .train)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        }
        XCTAssertEqual(found.map(\.kind), [.unreadablePNG])
        XCTAssertEqual(found.map(\.path), [path])
        XCTAssertEqual(found[0].detail, "file is truncated")
    }

    func testMissingLabelFile() throws {
        var path = ""
        let (_, found) = try problems { layout, _ in
            let frame = layout.frames(split: .val)[0]
            path = layout.labelIds(frame, split: .val)
            try FileManager.default.removeItem(atPath: path)
        }
        XCTAssertEqual(found.map(\.kind), [.missingFile])
        XCTAssertEqual(found.map(\.path), [path])
    }

    func testMalformedCameraJSON() throws {
        var path = ""
        let (_, found) = try problems { layout, frames in
            path = layout.camera(frames[0], split: .train)
            try writeText("{\"intrinsic\": {\"fx\": 70.6,", to: path)
        }
        XCTAssertEqual(found.map(\.kind), [.malformedCamera])
        XCTAssertEqual(found.map(\.path), [path])
    }

    func testCameraWithoutFocalLength() throws {
        var path = ""
        let (_, found) = try problems { layout, frames in
            path = layout.camera(frames[2], split: .train)
            try writeText(#"{"intrinsic": {"fy": 1, "u0": 1, "v0": 1}, "extrinsic": {"baseline": 0.2}}"#, to: path)
        }
        XCTAssertEqual(found.map(\.kind), [.malformedCamera])
        XCTAssertEqual(found[0].detail, "camera JSON lacks the number 'fx'")
    }

    func testMisnamedStrayAndOrphanFiles() throws {
        var paths: [String] = []
        let (_, found) = try problems { layout, frames in
            let city = frames[0].city
            let misnamed = layout.directory(.leftImg8bit, split: .train, city: city) + "/\(city)_12_000019_leftImg8bit.png"
            let stray = layout.directory(.gtFine) + "/train/notes.txt"
            let orphan = layout.disparity(CityscapesFrameID(city: city, sequence: 777, frame: 19), split: .train)
            try FileManager.default.copyItem(atPath: layout.leftImage(frames[0], split: .train), toPath: misnamed)
            try writeText("x", to: stray)
            try FileManager.default.copyItem(atPath: layout.disparity(frames[0], split: .train), toPath: orphan)
            paths = [misnamed, stray, orphan]
        }
        XCTAssertEqual(found.count, 3)
        XCTAssertEqual(found.first { $0.path == paths[0] }?.kind, .misnamedFile)
        XCTAssertEqual(found.first { $0.path == paths[1] }?.kind, .misnamedFile)
        XCTAssertEqual(found.first { $0.path == paths[2] }?.kind, .orphanFile)
    }

    func testAllDefectsTogetherAreListedSortedByFile() throws {
        let (_, found) = try problems { layout, frames in
            try FileManager.default.removeItem(atPath: layout.sequenceImage(frames[0].offset(by: -1), split: .train))
            try FileManager.default.removeItem(atPath: layout.labelIds(frames[1], split: .train))
            try writeText("not json", to: layout.camera(frames[2], split: .train))
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: layout.disparity(frames[0], split: .train)))
        }
        XCTAssertEqual(found.count, 4)
        XCTAssertEqual(found, found.sorted())
        XCTAssertEqual(Set(found.map(\.kind)), [.missingFile, .malformedCamera, .unreadablePNG])
    }

    func testTreeWithoutLeftImagesIsOneProblem() throws {
        let folder = try TemporaryFolder("empty")
        defer { folder.remove() }
        let report = CityscapesTreeChecker(root: folder.path).check()
        XCTAssertEqual(report.problems.map(\.kind), [.missingFile])
        XCTAssertEqual(report.problems[0].path, folder.path + "/leftImg8bit")
    }
}
