import EngineTestSupport
import Foundation
import Reports
import ResultsStore
import XCTest

/// Tables over seeds and the Markdown/HTML report.
final class ResultsReportTests: XCTestCase {
    func testSeedStatistic() {
        let s = SeedStatistic([0.30, 0.34, 0.32])
        XCTAssertEqual(s.mean, 0.32, accuracy: 1e-12)
        XCTAssertEqual(s.std, 0.02, accuracy: 1e-12)  // sample standard deviation
        XCTAssertEqual(s.formatted(), "32.0 ± 2.0 (3)")
        XCTAssertEqual(SeedStatistic([0.5]).formatted(), "50.0 ± 0.0 (1)")
        XCTAssertEqual(SeedStatistic([]).formatted(), "-")
    }

    func testReportGroupsSeedsAndRendersTables() throws {
        let folder = try TemporaryFolder("report")
        defer { folder.remove() }
        let store = try ResultsStore(path: folder.path + "/r.db")
        for (config, seed, miou) in [("scratch", 1, 0.30), ("scratch", 2, 0.34), ("transfer", 1, 0.40)] {
            let run = try store.insert(Run(experiment: "210", configName: config, profile: "smoke", seed: seed,
                                           subsetSize: 4, subsetIdentity: "random:\(seed)", configJSON: "{}",
                                           configHash: "h", datasetHash: "d", codeCommit: "0123456789abcdef",
                                           codeDirty: false, threads: 2, machine: "test machine", startedAt: Date()))
            try store.record(Evaluation(runId: run.id!, step: 10, meanIoU: miou, pixelAccuracy: 0.8),
                             classIoUs: [ClassIoU(evaluationId: 0, classId: 0, className: "road", iou: miou + 0.5)])
            try store.record(Timing(runId: run.id!, phase: "segmentation", wallSeconds: 12, medianStepSeconds: 0.05))
            try store.finish(runId: run.id!, status: .done)
        }
        let tables = try ResultTables(store: store)
        XCTAssertEqual(tables.groups.map(\.config), ["scratch", "transfer"])
        XCTAssertEqual(tables.groups[0].meanIoU.seeds, 2)
        XCTAssertEqual(tables.groups[0].meanIoU.mean, 0.32, accuracy: 1e-12)

        let canvas = Canvas(width: 4, height: 4)
        try FileManager.default.createDirectory(atPath: folder.path + "/out", withIntermediateDirectories: true)
        try canvas.writePNG(to: folder.path + "/out/training_curves.png")
        try ResultsReport.write(store: store, to: folder.path + "/out")
        let md = try String(contentsOfFile: folder.path + "/out/report.md", encoding: .utf8)
        XCTAssert(md.contains("| scratch | 32.0 ± 2.8 (2) |"), md)
        XCTAssert(md.contains("| transfer | 40.0 ± 0.0 (1) |"), md)
        XCTAssert(md.contains("| scratch, 4 labels | 82.0 |"), md)   // road IoU mean, first class column
        XCTAssert(md.contains("![training curves](training_curves.png)"), md)
        XCTAssert(md.contains("| scratch | 4 labels | 50.0 | 12 |"), md)
        XCTAssertFalse(md.contains("Data selections"), md)
        // With a profile, the stored data selections are listed.
        try store.record(SelectionRecord(experiment: "211", method: "ds_us", profile: "smoke", seed: 1,
                                         configHash: "h", datasetHash: "d", names: ["b_1", "a_2"], path: "/n2.json"))
        try ResultsReport.write(store: store, profile: "smoke", to: folder.path + "/out")
        let withSelections = try String(contentsOfFile: folder.path + "/out/report.md", encoding: .utf8)
        XCTAssert(withSelections.contains("| ds_us | 1 | 2 | b_1, a_2 |"), withSelections)
        let html = try String(contentsOfFile: folder.path + "/out/report.html", encoding: .utf8)
        XCTAssert(html.contains("<img src=\"data:image/png;base64,") && html.contains("alt=\"training curves\""), html)
        XCTAssert(html.contains("<td>32.0 ± 2.8 (2)</td>"), html)
    }

    func testHTMLEscapes() {
        let doc = ReportDocument(title: "a<b", blocks: [.paragraph("x & y"), .table(header: ["<h>"], rows: [["\"q\""]])])
        XCTAssert(doc.html.contains("<title>a&lt;b</title>"))
        XCTAssert(doc.html.contains("<p>x &amp; y</p>"))
        XCTAssert(doc.html.contains("<th>&lt;h&gt;</th>"))
        XCTAssert(doc.html.contains("<td>&quot;q&quot;</td>"))
    }
}

/// The paper's claims on hand-made results.
final class PaperClaimsTests: XCTestCase {
    func testClaimsArePairedBySeedAndSize() throws {
        let folder = try TemporaryFolder("claims")
        defer { folder.remove() }
        let store = try ResultsStore(path: folder.path + "/r.db")
        func add(_ experiment: String, _ config: String, seed: Int, miou: Double, step: Int = 100, size: Int = 4) throws {
            let run = try store.insert(Run(experiment: experiment, configName: config, profile: "smoke", seed: seed,
                                           subsetSize: size, subsetIdentity: "random:\(size):\(seed)", configJSON: "{}",
                                           configHash: "h", datasetHash: "d", codeCommit: "c", codeDirty: false,
                                           threads: 2, machine: "m", startedAt: Date()))
            try store.record(Evaluation(runId: run.id!, step: step, meanIoU: miou, pixelAccuracy: 0.5))
            try store.finish(runId: run.id!, status: .done)
        }
        // transfer - scratch: +0.02 and +0.04 at 4 labels; seed 3 only has scratch.
        try add("210", "scratch", seed: 1, miou: 0.30)
        try add("210", "scratch", seed: 2, miou: 0.31)
        try add("210", "scratch", seed: 3, miou: 0.50)
        try add("210", "transfer", seed: 1, miou: 0.32)
        try add("210", "transfer", seed: 2, miou: 0.35)
        // ClassMix gains +0.01 / -0.01; DepthMix gains +0.03 / -0.04: differences +0.02, -0.03.
        try add("210", "scratch_classmix", seed: 1, miou: 0.31)
        try add("210", "scratch_classmix", seed: 2, miou: 0.30)
        try add("210", "transfer_depthmix", seed: 1, miou: 0.35)
        try add("210", "transfer_depthmix", seed: 2, miou: 0.31)
        // Multi-task ran fewer steps: not comparable.
        try add("212", "pad_transfer_depthmix", seed: 1, miou: 0.40, step: 30)
        // ds_us below random.
        try add("211", "sel_ds_us", seed: 1, miou: 0.20, size: 2)
        try add("211", "sel_random", seed: 1, miou: 0.25, size: 2)

        let findings = try PaperClaims.findings(store: store)
        XCTAssertEqual(findings.count, 4)
        XCTAssertEqual(findings[0].statement, PaperClaims.claims[0].statement)
        XCTAssertEqual(findings[0].differences.count, 2)
        XCTAssertEqual(findings[0].differences[0], 0.02, accuracy: 1e-12)
        XCTAssertEqual(findings[0].differences[1], 0.04, accuracy: 1e-12)
        XCTAssertEqual(findings[0].verdict, "holds at every seed")
        XCTAssertEqual(findings[1].differences[0], 0.02, accuracy: 1e-12)
        XCTAssertEqual(findings[1].differences[1], -0.03, accuracy: 1e-12)
        XCTAssertEqual(findings[1].verdict, "does not hold")
        XCTAssertEqual(findings[2].subsetSize, 2)
        XCTAssertEqual(findings[2].differences[0], -0.05, accuracy: 1e-12)
        XCTAssertEqual(findings[2].verdict, "does not hold")
        XCTAssertEqual(findings[3].verdict, "not comparable: the runs end at different steps (30, 100)")

        try ResultsReport.write(store: store, to: folder.path + "/out")
        let md = try String(contentsOfFile: folder.path + "/out/report.md", encoding: .utf8)
        XCTAssert(md.contains("| transfer from depth pretraining > training from scratch | 4 labels | 3.00 ± 1.41 (2) | holds at every seed |"), md)
    }
}
