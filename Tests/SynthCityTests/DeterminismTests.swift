import CityscapesData
import Foundation
import SynthCity
import XCTest

/// The same seed and settings give byte-identical trees, whatever the thread count;
/// another seed gives other images.
final class DeterminismTests: XCTestCase {
    func testSameSeedGivesByteIdenticalTrees() throws {
        let a = try TemporaryFolder("determinism-a"), b = try TemporaryFolder("determinism-b")
        defer { a.remove(); b.remove() }
        let settings = tinySettings(train: 3, val: 1)
        try SynthCityGenerator(settings: settings).generate(root: a.path, workers: 2)
        try SynthCityGenerator(settings: settings).generate(root: b.path, workers: 1)

        let files = relativeFiles(under: a.path)
        XCTAssertEqual(files, relativeFiles(under: b.path))
        // 4 sequences x (3 sequence frames + leftImg8bit + labelIds + color + disparity
        // + camera + pose) + settings.json, scenes.csv, COMPLETE.
        XCTAssertEqual(files.count, 4 * 9 + 3)
        for file in files {
            let bytesA = try Data(contentsOf: URL(fileURLWithPath: a.path + "/" + file))
            let bytesB = try Data(contentsOf: URL(fileURLWithPath: b.path + "/" + file))
            XCTAssertEqual(bytesA, bytesB, "\(file) differs between two runs with one seed")
        }
    }

    func testAnotherSeedGivesOtherImages() throws {
        let a = try TemporaryFolder("seed-a"), b = try TemporaryFolder("seed-b")
        defer { a.remove(); b.remove() }
        try SynthCityGenerator(settings: tinySettings(seed: 1, train: 2)).generate(root: a.path)
        try SynthCityGenerator(settings: tinySettings(seed: 2, train: 2)).generate(root: b.path)
        let images = relativeFiles(under: a.path).filter { $0.hasSuffix("_leftImg8bit.png") }
        XCTAssertEqual(images.count, 2 * 4)
        for file in images {
            let bytesA = try Data(contentsOf: URL(fileURLWithPath: a.path + "/" + file))
            let bytesB = try Data(contentsOf: URL(fileURLWithPath: b.path + "/" + file))
            XCTAssertNotEqual(bytesA, bytesB, "\(file) is the same for seeds 1 and 2")
        }
    }

    func testInMemoryRenderingMatchesItself() {
        let generator = SynthCityGenerator(settings: tinySettings())
        let first = generator.render(split: .train, index: 1)
        let second = generator.render(split: .train, index: 1)
        XCTAssertEqual(first.images, second.images)
        XCTAssertEqual(first.labelIds, second.labelIds)
        XCTAssertEqual(first.depth, second.depth)
    }
}
