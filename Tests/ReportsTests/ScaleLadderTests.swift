import EngineTestSupport
import Foundation
@testable import Reports
import ResultsStore
import XCTest

/// The scale ladder on hand-made results: rungs found by name, paired by seed, ordered by
/// steps, the trend per doubling and the extrapolation to the published effect.
final class ScaleLadderTests: XCTestCase {
    func testRungNamesAreSplitOffTheirBase() {
        XCTAssertEqual(ScaleLadder.rung(of: "scratch_x2")?.base, "scratch")
        XCTAssertEqual(ScaleLadder.rung(of: "scratch_x2")?.suffix, "_x2")
        XCTAssertEqual(ScaleLadder.rung(of: "transfer_depthmix_x0_5")?.base, "transfer_depthmix")
        XCTAssertEqual(ScaleLadder.rung(of: "transfer_depthmix_x0_5")?.suffix, "_x0_5")
        XCTAssertNil(ScaleLadder.rung(of: "scratch"))
        XCTAssertNil(ScaleLadder.rung(of: "_x2"))
        XCTAssertNil(ScaleLadder.rung(of: "scratch_xy"))
        XCTAssertTrue(ScaleLadder.isRung("scratch_x2", among: ["scratch", "scratch_x2"]))
        XCTAssertFalse(ScaleLadder.isRung("box_x2", among: ["scratch", "box_x2"]))
    }

    func testLadderLinesFromAStore() throws {
        let folder = try TemporaryFolder("ladder")
        defer { folder.remove() }
        let store = try ResultsStore(path: folder.path + "/r.db")
        func add(_ config: String, seed: Int, miou: Double, step: Int) throws {
            let run = try store.insert(Run(experiment: "210", configName: config, profile: "smoke", seed: seed,
                                           subsetSize: 4, subsetIdentity: "random:4:\(seed)", configJSON: "{}",
                                           configHash: "h", datasetHash: "d", codeCommit: "c", codeDirty: false,
                                           threads: 2, machine: "m", startedAt: Date()))
            try store.record(Evaluation(runId: run.id!, step: step, meanIoU: miou, pixelAccuracy: 0.5))
            try store.finish(runId: run.id!, status: .done)
        }
        // transfer - scratch per seed: 50 steps +0, +1, +2; 100 steps +2, +3, +4; 200 steps +4, +5, +6.
        for (suffix, step, gain) in [("_x0_5", 50, 0.0), ("", 100, 2.0), ("_x2", 200, 4.0)] {
            for seed in 1...3 {
                try add("scratch" + suffix, seed: seed, miou: 0.30, step: step)
                try add("transfer" + suffix, seed: seed, miou: 0.30 + (gain + Double(seed - 1)) / 100, step: step)
            }
        }
        // A ClassMix run with no rung: no line.
        try add("scratch_classmix", seed: 1, miou: 0.31, step: 100)

        let lines = try ScaleLadder.lines(store: store, published: PaperClaimsTests.published)
        XCTAssertEqual(lines.map(\.claim.id), ["transfer"])
        let line = lines[0]
        XCTAssertEqual(line.points.map(\.steps), [50, 100, 200])
        XCTAssertEqual(line.points.map { $0.finding.comparison.mean }[0], 1, accuracy: 1e-9)
        XCTAssertEqual(line.points.map { $0.finding.comparison.mean }[2], 5, accuracy: 1e-9)
        // Means 1, 3, 5 at log2 steps a-1, a, a+1: 2 points per doubling.
        XCTAssertEqual(try XCTUnwrap(line.slopePerDoubling), 2, accuracy: 1e-9)
        // The published +1.5 lies behind the trend's last mean (+5): no extrapolation.
        XCTAssertEqual(line.published?.mean, 1.5)
        XCTAssertNil(line.doublingsToPublished)
        // Towards a published +9: (9 - 5) / 2 = 2 doublings beyond 200 steps.
        var ahead = line
        for k in ahead.points.indices { ahead.points[k].finding.published = PublishedNumbers.Value(mean: 9, labels: 100) }
        XCTAssertEqual(try XCTUnwrap(ahead.doublingsToPublished), 2, accuracy: 1e-9)

        // The report has the ladder's table and figure; the bar chart leaves the rungs out.
        try ResultsReport.write(store: store, context: ResultsReport.Context(published: PaperClaimsTests.published),
                                to: folder.path + "/out")
        let md = try String(contentsOfFile: folder.path + "/out/report.md", encoding: .utf8)
        XCTAssert(md.contains("## How the effects move with compute (scale ladder)"), md)
        XCTAssert(md.contains("| transfer from depth pretraining > training from scratch | 4 labels | 200 | 3 | +5.00 | "
                              + "[+2.52, +7.48] | confirmed | +1.50 (100 labels) | - | +2.00 | - |"), md)
        XCTAssert(md.contains("](scale_ladder.png)"), md)
        XCTAssert(FileManager.default.fileExists(atPath: folder.path + "/out/" + ScaleLadder.figureName))
    }
}
