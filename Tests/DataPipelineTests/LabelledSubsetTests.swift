import DataPipeline
import EngineTestSupport
import TreeTestSupport
import XCTest

/// Labelled subsets: reproducible random draws, named lists, clear errors.
final class LabelledSubsetTests: XCTestCase {
    func testRandomDrawIsReproducibleForOneSeed() throws {
        let index = try SampleIndex(root: TinyTree.root(.loaderTests), split: .train)
        let a = try LabelledSubset.random(count: 3, seed: 42).indices(in: index)
        let b = try LabelledSubset.random(count: 3, seed: 42).indices(in: index)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.count, 3)
        XCTAssertEqual(a, a.sorted())
        XCTAssertEqual(Set(a).count, 3)
        // Over a few seeds, the draws differ (6 choose 3 = 20 possible subsets).
        let draws = try (0..<8).map { try LabelledSubset.random(count: 3, seed: UInt64($0)).indices(in: index) }
        XCTAssertGreaterThan(Set(draws).count, 3)
    }

    func testNamedSubsetsResolveStemsFileNamesAndPaths() throws {
        let index = try SampleIndex(root: TinyTree.root(.loaderTests), split: .train)
        let names = [index.name(of: 4), index.name(of: 1) + "_leftImg8bit.png",
                     "somecity/" + index.name(of: 2) + "_leftImg8bit.png"]
        XCTAssertEqual(try LabelledSubset.named(names, source: nil).indices(in: index), [1, 2, 4])

        let folder = try TemporaryFolder("subset")
        defer { folder.remove() }
        let file = folder.path + "/subset.txt"
        try "# chosen\n\(index.name(of: 0))\n\n\(index.name(of: 5))\n".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try LabelledSubset.listed(inFile: file).indices(in: index), [0, 5])
    }

    func testBadSubsetsNameTheProblem() throws {
        let index = try SampleIndex(root: TinyTree.root(.loaderTests), split: .train)
        XCTAssertThrowsError(try LabelledSubset.named(["nowhere_000000_000019"], source: "list.txt").indices(in: index)) {
            XCTAssertEqual("\($0)", "labelled-subset name 'nowhere_000000_000019' (from list.txt) matches no training sample")
        }
        XCTAssertThrowsError(try LabelledSubset.random(count: 7, seed: 1).indices(in: index)) {
            XCTAssert("\($0)".contains("asked for 7 random samples of 6"), "\($0)")
        }
        XCTAssertThrowsError(try LabelledSubset.named([index.name(of: 0), index.name(of: 0)], source: nil).indices(in: index))
        XCTAssertThrowsError(try LabelledSubset.listed(inFile: "/nonexistent/list.txt")) {
            XCTAssert("\($0)".contains("/nonexistent/list.txt"), "\($0)")
        }
    }

    func testBatchOrderVisitsEverySampleOncePerEpoch() throws {
        let order = try BatchOrder(samples: [3, 5, 7, 9, 11], batchSize: 2, seed: 9)
        XCTAssertEqual(order.batchesPerEpoch, 2)
        for epoch in 0..<3 {
            let seen = order.batch(2 * epoch) + order.batch(2 * epoch + 1)
            XCTAssertEqual(Set(seen).count, 4, "epoch \(epoch): \(seen)")
            XCTAssert(Set(seen).isSubset(of: [3, 5, 7, 9, 11]))
        }
        XCTAssertNotEqual(order.batch(0) + order.batch(1), order.batch(2) + order.batch(3),
                          "epochs should be shuffled differently")
        XCTAssertEqual(try BatchOrder(samples: [3, 5, 7, 9, 11], batchSize: 2, seed: 9).batch(4), order.batch(4))
        XCTAssertThrowsError(try BatchOrder(samples: [1], batchSize: 2, seed: 0))
    }
}
