import CityscapesData
import Foundation
import SynthCity
import XCTest

/// A complete tree with the same settings hash is reused; other settings, an
/// unfinished tree or a foreign tree are handled as documented.
final class ReuseTests: XCTestCase {
    func testSameSettingsAreReusedAndOthersRegenerate() throws {
        let folder = try TemporaryFolder("reuse")
        defer { folder.remove() }
        let settings = tinySettings(seed: 21, train: 2)
        let first = try SynthCityGenerator(settings: settings).generate(root: folder.path)
        XCTAssertFalse(first.reused)
        XCTAssertEqual(first.settingsHash, settings.hash)
        let files = SynthCityFiles(root: folder.path)
        let image = CityscapesLayout(root: folder.path)
            .leftImage(SynthCityGenerator(settings: settings).sample(split: .train, index: 0).frame, split: .train)
        let before = try modificationDate(image)

        let second = try SynthCityGenerator(settings: settings).generate(root: folder.path)
        XCTAssertTrue(second.reused)
        XCTAssertEqual(try modificationDate(image), before)

        let stored = try SynthCitySettings(json: Data(contentsOf: URL(fileURLWithPath: files.settings)))
        XCTAssertEqual(stored, settings)
        XCTAssertEqual(try readJSON(files.settings)["hash"] as? String, settings.hash)

        // Another seed: a new hash, rendered again, old files replaced.
        var changed = settings
        changed.seed = 22
        XCTAssertNotEqual(changed.hash, settings.hash)
        let third = try SynthCityGenerator(settings: changed).generate(root: folder.path)
        XCTAssertFalse(third.reused)
        XCTAssertEqual(files.completedHash(), changed.hash)

        // Fewer sequences: no stale files of the larger tree survive.
        var smaller = changed
        smaller.trainCount = 1
        try SynthCityGenerator(settings: smaller).generate(root: folder.path)
        XCTAssertEqual(relativeFiles(under: folder.path).filter { $0.hasSuffix("_gtFine_labelIds.png") }.count, 1)

        // A missing completion marker (an interrupted run) means rendering again.
        try FileManager.default.removeItem(atPath: files.completionMarker)
        XCTAssertFalse(try SynthCityGenerator(settings: smaller).generate(root: folder.path).reused)
        XCTAssertTrue(try SynthCityGenerator(settings: smaller).generate(root: folder.path).reused)
    }

    func testSettingsHashIsStableAndCoversEverySetting() {
        let base = SynthCitySettings(profile: .quick, seed: 0)
        XCTAssertEqual(base.hash, SynthCitySettings(profile: .quick, seed: 0).hash)
        XCTAssertEqual(base.hash.count, 16)
        var variants: [SynthCitySettings] = []
        for change in 0..<9 {
            var s = base
            switch change {
            case 0: s.seed = 1
            case 1: s.trainCount += 1
            case 2: s.valCount += 1
            case 3: s.width = 256
            case 4: s.height = 128
            case 5: s.supersampling = 3
            case 6: s.independentMotionProbability = 0.5
            case 7: s.stationaryCameraProbability = 0.1
            default: s.sensorNoise = 2
            }
            variants.append(s)
        }
        XCTAssertEqual(Set(variants.map(\.hash) + [base.hash]).count, 10)
    }

    func testForeignTreesAndUnwritableRootsAreRefusedWithTheirPath() throws {
        let folder = try TemporaryFolder("foreign")
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path + "/gtFine/train", withIntermediateDirectories: true)
        XCTAssertThrowsError(try SynthCityGenerator(settings: tinySettings(train: 1)).generate(root: folder.path)) {
            XCTAssertEqual($0 as? SynthCityError, .foreignTree(root: folder.path))
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.path + "/gtFine/train"))

        let file = folder.path + "/plain-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertThrowsError(try SynthCityGenerator(settings: tinySettings(train: 1)).generate(root: file + "/tree")) {
            XCTAssertTrue("\($0)".contains(file), "error does not name the path: \($0)")
        }
    }

    func testInvalidSettingsAreRejected() {
        var s = tinySettings()
        s.width = 100
        XCTAssertThrowsError(try s.validate())
        s = tinySettings()
        s.supersampling = 0
        XCTAssertThrowsError(try s.validate())
        XCTAssertNoThrow(try SynthCitySettings(profile: .standard).validate())
    }

    private func modificationDate(_ path: String) throws -> Date {
        try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }
}
