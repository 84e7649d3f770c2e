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
        try ResultsReport.write(store: store, profile: nil, to: folder.path + "/out")
        let md = try String(contentsOfFile: folder.path + "/out/report.md", encoding: .utf8)
        XCTAssert(md.contains("| scratch | 32.0 ± 2.8 (2) |"), md)
        XCTAssert(md.contains("| transfer | 40.0 ± 0.0 (1) |"), md)
        XCTAssert(md.contains("| scratch, 4 labels | 82.0 |"), md)   // road IoU mean, first class column
        XCTAssert(md.contains("![training curves](training_curves.png)"), md)
        XCTAssert(md.contains("![210 miou bars](210_miou_bars.png)") || md.contains("(210_miou_bars.png)"), md)
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

    /// Depth pretraining uses no labels: its depth and timing rows are named by
    /// configuration alone, not "all labels".
    func testDepthPretrainingRowsNameNoLabelCount() throws {
        let folder = try TemporaryFolder("report-depth")
        defer { folder.remove() }
        let store = try ResultsStore(path: folder.path + "/r.db")
        let run = try store.insert(Run(experiment: "depth", configName: "depth", profile: "smoke", seed: 42,
                                       subsetSize: nil, subsetIdentity: "unlabelled", configJSON: "{}",
                                       configHash: "h", datasetHash: "d", codeCommit: "0123456789abcdef",
                                       codeDirty: false, threads: 2, machine: "test machine", startedAt: Date()))
        try store.record(Evaluation(runId: run.id!, step: 40, meanIoU: nil, pixelAccuracy: nil),
                         depth: DepthMetricsRecord(evaluationId: 0, absRel: 0.369, sqRel: 5.2, rmse: 13.9, rmseLog: 0.49,
                                                   delta1: 0.4, delta2: 0.67, delta3: 0.82))
        try store.record(Timing(runId: run.id!, phase: "depth", wallSeconds: 367, medianStepSeconds: 0.0668))
        try store.finish(runId: run.id!, status: .done)
        try ResultsReport.write(store: store, profile: nil, to: folder.path + "/out")
        let md = try String(contentsOfFile: folder.path + "/out/report.md", encoding: .utf8)
        XCTAssert(md.contains("| depth | 0.369 ± 0.000 (1) |"), md)
        XCTAssert(md.contains("| depth | none (self-supervised) | 66.8 | 367 |"), md)
        XCTAssertFalse(md.contains("depth, all labels"), md)
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
    static let published = PublishedNumbers(
        label: "published (test)", source: "a test table",
        numbers: [
            .init(table: "T", method: "base", labels: 100, mean: 50, std: 1, ours: .init(experiment: "210", variant: "scratch")),
            .init(table: "T", method: "base", labels: 400, mean: 60, std: 1, ours: .init(experiment: "210", variant: "scratch")),
            .init(table: "T", method: "tr", labels: 100, mean: 51.5, std: 0.5, ours: .init(experiment: "210", variant: "transfer")),
            .init(table: "T", method: "tr", labels: 400, mean: 61, std: 0.5, ours: .init(experiment: "210", variant: "transfer")),
            .init(table: "S", method: "random", labels: 100, mean: 40, std: nil, ours: .init(experiment: "211", variant: "sel_random")),
            .init(table: "S", method: "ds_us", labels: 100, mean: 45, std: nil, ours: .init(experiment: "211", variant: "sel_ds_us")),
        ],
        effects: [
            .init(claim: "transfer", better: .init(table: "T", method: "tr"), worse: .init(table: "T", method: "base")),
            .init(claim: "ds_us", better: .init(table: "S", method: "ds_us"), worse: .init(table: "S", method: "random")),
        ])

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
        // transfer - scratch: +2, +4, +3 points at 4 labels; seed 4 only has scratch.
        try add("210", "scratch", seed: 1, miou: 0.30)
        try add("210", "scratch", seed: 2, miou: 0.31)
        try add("210", "scratch", seed: 3, miou: 0.29)
        try add("210", "scratch", seed: 4, miou: 0.50)
        try add("210", "transfer", seed: 1, miou: 0.32)
        try add("210", "transfer", seed: 2, miou: 0.35)
        try add("210", "transfer", seed: 3, miou: 0.32)
        // ClassMix gains +1 / -1 points; DepthMix gains +3 / -4: differences +2, -3.
        try add("210", "scratch_classmix", seed: 1, miou: 0.31)
        try add("210", "scratch_classmix", seed: 2, miou: 0.30)
        try add("210", "transfer_depthmix", seed: 1, miou: 0.35)
        try add("210", "transfer_depthmix", seed: 2, miou: 0.31)
        // Multi-task ran fewer steps: not comparable.
        try add("212", "pad_transfer_depthmix", seed: 1, miou: 0.40, step: 30)
        // ds_us below random at one seed.
        try add("211", "sel_ds_us", seed: 1, miou: 0.20, size: 2)
        try add("211", "sel_random", seed: 1, miou: 0.25, size: 2)

        let findings = try PaperClaims.findings(store: store, published: Self.published)
        XCTAssertEqual(findings.map(\.claim.id), ["transfer", "classmix", "depthmix", "depthmix_gain", "ds_us", "multitask"])
        let transfer = findings[0]
        XCTAssertEqual(transfer.seeds, [1, 2, 3])
        XCTAssertEqual(transfer.differences[0], 2, accuracy: 1e-9)
        XCTAssertEqual(transfer.differences[1], 4, accuracy: 1e-9)
        XCTAssertEqual(transfer.differences[2], 3, accuracy: 1e-9)
        // Mean 3, sd 1, n 3: half-width t_{0.975,2} / sqrt(3) = 2.4841: [0.52, 5.48], confirmed.
        let interval = try XCTUnwrap(transfer.comparison.interval)
        XCTAssertEqual(interval.lowerBound, 3 - 2.4841377, accuracy: 1e-6)
        XCTAssertEqual(transfer.verdict, .confirmed)
        XCTAssertEqual(transfer.verdictText, "confirmed")
        // The published effect at the label count nearest 4 (of 100, 400): 51.5 - 50.
        XCTAssertEqual(transfer.published, PublishedNumbers.Value(mean: 1.5, labels: 100))
        XCTAssertEqual(transfer.containsPublishedText, "yes")
        XCTAssertEqual(transfer.seedsNeeded, PairedComparison.seedsNeeded(toDetect: 1.5, sd: 1))
        XCTAssertEqual(transfer.seedsNeeded, .seeds(6))
        // ClassMix alone: +1, -1 at seeds 1, 2: inconclusive, no published effect in this file.
        XCTAssertEqual(findings[1].differences[0], 1, accuracy: 1e-9)
        XCTAssertEqual(findings[1].verdictText, "inconclusive")
        XCTAssertNil(findings[1].published)
        XCTAssertEqual(findings[1].publishedText, "-")
        XCTAssertEqual(findings[3].differences[0], 2, accuracy: 1e-9)
        XCTAssertEqual(findings[3].differences[1], -3, accuracy: 1e-9)
        XCTAssertEqual(findings[3].verdict, .inconclusive)
        let dsus = findings[4]
        XCTAssertEqual(dsus.subsetSize, 2)
        XCTAssertEqual(dsus.differences[0], -5, accuracy: 1e-9)
        XCTAssertEqual(dsus.verdictText, "inconclusive (one seed: no interval)")
        XCTAssertEqual(dsus.seedsNeeded, .cannotEstimate("one seed: no spread"))
        XCTAssertEqual(dsus.publishedText, "+5.00 (100 labels)")
        XCTAssert(dsus.sentence.contains("one seed gives no interval"), dsus.sentence)
        XCTAssertEqual(findings[5].verdictText, "not comparable: the runs end at different steps (30, 100)")
        XCTAssertNil(findings[5].verdict)

        let context = ResultsReport.Context(published: Self.published,
                                            variantOrder: ["210": ["scratch", "scratch_classmix", "transfer", "transfer_depthmix"]])
        try ResultsReport.write(store: store, context: context, to: folder.path + "/out")
        let md = try String(contentsOfFile: folder.path + "/out/report.md", encoding: .utf8)
        XCTAssert(md.contains("| transfer from depth pretraining > training from scratch | 4 labels | 3 | +3.00 | 1.00 | "
                              + "[+0.52, +5.48] | confirmed | +1.50 (100 labels) | yes | 6 |"), md)
        // The opening states every claim in a sentence, before the tables.
        let opening = try XCTUnwrap(md.range(of: "What this store shows"))
        XCTAssertLessThan(opening.lowerBound, try XCTUnwrap(md.range(of: "## Experiment 210")).lowerBound)
        XCTAssert(md.contains("Transfer from depth pretraining > training from scratch (4 labels): +3.00 points, 95% CI "
                              + "[+0.52, +5.48] over 3 seeds: confirmed; the published effect is +1.50 (100 labels), "
                              + "inside our interval, and detecting it at our spread needs 6 seeds."), md)
        XCTAssertFalse(md.contains("does not hold"), md)
        // Variants in the paper's order, the published column beside ours.
        let rows = md.components(separatedBy: "\n").filter { $0.contains(" ± ") && ($0.hasPrefix("| scratch |")
            || $0.hasPrefix("| transfer |") || $0.hasPrefix("| scratch_classmix |") || $0.hasPrefix("| transfer_depthmix |")) }
        XCTAssertEqual(rows.map { $0.components(separatedBy: " | ")[0] }, ["| scratch", "| scratch_classmix", "| transfer",
                                                                           "| transfer_depthmix"])
        XCTAssert(md.contains("| configuration | 4 labels | published (test), nearest 4 labels |"), md)
        XCTAssert(md.contains("| scratch | 35.0 ± 10.0 (4) | 50.00 ± 1.00 (100 labels) |"), md)
        XCTAssert(md.contains("| scratch_classmix | 30.5 ± 0.7 (2) | - |"), md)
        // The statistical figures are drawn and placed in their sections.
        for name in ["claims_forest.png", "210_miou_bars.png", "211_miou_bars.png", "212_miou_bars.png"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder.path + "/out/" + name), name)
        }
        XCTAssert(md.contains("![Claims: ours (mean, 95% CI) and published (test) effects](claims_forest.png)"), md)
    }

    func testPublishedNumbersNearestLabelsAndEffects() {
        XCTAssertEqual(PublishedNumbers.nearest([100, 372, 744], to: 50), 100)
        XCTAssertEqual(PublishedNumbers.nearest([372, 2975], to: 100), 372)
        XCTAssertEqual(PublishedNumbers.nearest([372, 2975], to: 1000), 372)   // log scale: 1000/372 < 2975/1000
        XCTAssertEqual(PublishedNumbers.nearest([372, 2975], to: 1100), 2975)  // 1100/372 > 2975/1100
        XCTAssertEqual(PublishedNumbers.nearest([100, 400], to: 200), 100)     // a tie goes to the smaller
        let p = Self.published
        XCTAssertEqual(p.effect(claim: "transfer", labels: 1000), .init(mean: 1, labels: 400))
        XCTAssertEqual(p.effect(claim: "transfer", labels: nil), .init(mean: 1, labels: 400))
        XCTAssertNil(p.effect(claim: "classmix", labels: 100))
        XCTAssertEqual(p.number(for: .init(experiment: "210", variant: "scratch"), labels: 10)?.mean, 50)
        XCTAssertNil(p.number(for: .init(experiment: "210", variant: "scratch_classmix"), labels: 10))
        // A gain-against-gain effect: (a - base) - (b - base).
        var gains = p
        gains.numbers.append(.init(table: "T", method: "mix", labels: 100, mean: 54, std: nil))
        gains.effects.append(.init(claim: "depthmix_gain", better: .init(table: "T", method: "mix"),
                                   worse: .init(table: "T", method: "tr"), betterBase: .init(table: "T", method: "base"),
                                   worseBase: .init(table: "T", method: "base")))
        XCTAssertEqual(gains.effect(claim: "depthmix_gain", labels: 100), .init(mean: 2.5, labels: 100))
        XCTAssertEqual(gains.problems(knownClaims: PaperClaims.claimIds), [])
    }

    func testPublishedNumbersProblemsNameTheEntry() {
        var p = Self.published
        p.numbers.append(p.numbers[0])
        p.effects.append(.init(claim: "tranfser", better: .init(table: "T", method: "tr"), worse: .init(table: "X", method: "y")))
        let problems = p.problems(knownClaims: PaperClaims.claimIds)
        XCTAssert(problems.contains("numbers: 'base' of 'T' at 100 labels appears twice"), "\(problems)")
        XCTAssert(problems.contains { $0.hasPrefix("effects: unknown claim 'tranfser'") }, "\(problems)")
        XCTAssert(problems.contains("effects: claim 'tranfser' names 'y' of 'X', which numbers lacks"), "\(problems)")
        // A variant may stand beside rows of several tables (the supervised baseline), but
        // beside one row of a table at a label count.
        var otherTable = Self.published
        otherTable.numbers.append(.init(table: "U", method: "other", labels: 100, mean: 1, std: nil,
                                        ours: .init(experiment: "210", variant: "scratch")))
        XCTAssertEqual(otherTable.problems(knownClaims: PaperClaims.claimIds), [])
        var twice = Self.published
        twice.numbers.append(.init(table: "T", method: "other", labels: 100, mean: 1, std: nil,
                                   ours: .init(experiment: "210", variant: "scratch")))
        XCTAssert(twice.problems(knownClaims: PaperClaims.claimIds).contains {
            $0.hasPrefix("numbers: 210/scratch maps to two rows of 'T' at 100 labels") }, "\(twice.problems(knownClaims: []))")
    }
}
