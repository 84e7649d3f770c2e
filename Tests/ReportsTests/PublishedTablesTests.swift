import EngineTestSupport
import Foundation
import Reports
import ResultsStore
import XCTest

/// The published tables reprinted with ours beside them, on hand-made results.
final class PublishedTablesTests: XCTestCase {
    /// A table with a subset column (372) and the all-labels column (2975); one row maps
    /// a different variant at all labels, one row has no all-labels cell.
    static let published = PublishedNumbers(
        label: "pub", source: "test",
        numbers: [
            .init(table: "Mixing", method: "baseline", labels: 372, mean: 59, std: 1, ours: .init(experiment: "210", variant: "scratch")),
            .init(table: "Mixing", method: "baseline", labels: 2975, mean: 68, std: 0.1, ours: .init(experiment: "210", variant: "scratch")),
            .init(table: "Mixing", method: "pseudo", labels: 372, mean: 62, std: nil, ours: .init(experiment: "210", variant: "ema")),
            .init(table: "Mixing", method: "ClassMix", labels: 372, mean: 63, std: 0.9, ours: .init(experiment: "210", variant: "cm")),
            .init(table: "Mixing", method: "ClassMix", labels: 2975, mean: 69.6, std: 0.3, ours: .init(experiment: "210", variant: "cmgt")),
            .init(table: "Other", method: "x", labels: 100, mean: 1, std: nil, ours: .init(experiment: "999", variant: "x")),
        ],
        effects: [])

    func testTablesKeepTheRowOrderAndPairOurSizesWithTheNearestPublishedColumn() throws {
        let folder = try TemporaryFolder("published-tables")
        defer { folder.remove() }
        let store = try ResultsStore(path: folder.path + "/r.db")
        // (variant, subset size or nil for all labels, seed, mIoU)
        let results: [(String, Int?, Int, Double)] = [
            ("scratch", 100, 1, 0.30), ("scratch", 100, 2, 0.34), ("scratch", nil, 1, 0.50),
            ("ema", 100, 1, 0.36), ("cm", 100, 1, 0.38), ("cmgt", nil, 1, 0.55), ("cmgt", 100, 1, 0.99),
        ]
        for (variant, size, seed, miou) in results {
            let run = try store.insert(Run(experiment: "210", configName: variant, profile: "smoke", seed: seed,
                                           subsetSize: size, subsetIdentity: size.map { "random:\($0):seed\(seed)" } ?? "all",
                                           configJSON: "{}", configHash: "h", datasetHash: "d", codeCommit: "c",
                                           codeDirty: false, threads: 1, machine: "m", startedAt: Date()))
            try store.record(Evaluation(runId: run.id!, step: 10, meanIoU: miou, pixelAccuracy: 0.8), classIoUs: [])
            try store.finish(runId: run.id!, status: .done)
        }
        let tables = PublishedTables.tables(published: Self.published, results: try ResultTables(store: store))
        XCTAssertEqual(tables.map(\.name), ["Mixing"])  // no run of "Other"'s variant
        let t = tables[0]
        XCTAssertEqual(t.header, ["row", "ours", "ours, 100 labels", "pub, 372 labels", "ours, all labels", "pub, 2975 labels"])
        XCTAssertEqual(t.rows, [
            ["baseline", "210/scratch", "32.0 ± 2.8 (2)", "59.00 ± 1.00", "50.0 ± 0.0 (1)", "68.00 ± 0.10"],
            ["pseudo", "210/ema", "36.0 ± 0.0 (1)", "62.00", "-", "-"],
            // ClassMix: the subset column is cm's, the all-labels column cmgt's (cmgt's
            // subset run maps to no cell).
            ["ClassMix", "210/cm, 210/cmgt", "38.0 ± 0.0 (1)", "63.00 ± 0.90", "55.0 ± 0.0 (1)", "69.60 ± 0.30"],
        ])
        let blocks = PublishedTables.blocks(published: Self.published, results: try ResultTables(store: store))
        XCTAssertEqual(blocks.count, 4)  // heading, note, then one heading and table
    }

    func testColumnsOfAPublishedTable() {
        let numbers = Self.published.numbers.filter { $0.table == "Mixing" }
        XCTAssertEqual(PublishedTables.column(of: numbers, size: 100), 372)
        XCTAssertEqual(PublishedTables.column(of: numbers, size: 5000), 372)  // a subset never stands beside all labels
        XCTAssertEqual(PublishedTables.column(of: numbers, size: nil), 2975)
        XCTAssertNil(PublishedTables.column(of: numbers.filter { $0.labels != 2975 }, size: nil))
    }
}
