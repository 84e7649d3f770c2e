import EngineTestSupport
import ExperimentTestSupport
import Experiments
import Foundation
import ImageIO
import Reports
import ResultsStore
import Training
import XCTest

/// The report of a finished grid: figure sheets drawn from the store and the tables.
final class FigureSheetsTests: XCTestCase {
    func testReportOfAGridHasItsSheetsCurvesAndNumbers() throws {
        let configs = try ExperimentFixtures.configs("sheets-configs")
        let work = try TemporaryFolder("sheets-work")
        defer { configs.remove(); work.remove() }
        let store = try ResultsStore(path: work.path + "/results.sqlite")
        let registry = try ExperimentRegistry(folder: configs.path)
        let runner = try ExperimentRunner(dataRoot: ExperimentFixtures.tree, runsFolder: work.path + "/runs", store: store,
                                          registry: registry, observer: LogLinesObserver())
        _ = try runner.run(experiment: "210", profile: .smoke)
        let files = try ReportWriter(store: store, registry: registry, dataRoot: ExperimentFixtures.tree)
            .write(profile: .smoke, to: work.path + "/report")
        let names = files.map { ($0 as NSString).lastPathComponent }
        XCTAssertEqual(Set(names), ["210_qualitative.png", "210_curves.png", "210_validation.png", "depth_curves.png",
                                    "depth_validation.png", "depth_qualitative.png", "210_miou_bars.png",
                                    "claims_forest.png", "report.md", "report.html"])
        // The depth sheet: input | ground truth | depth, 4 rows of 64x32 at scale 2.
        let depthSheet = try PNGImage.read(path: work.path + "/report/depth_qualitative.png")
        XCTAssertGreaterThanOrEqual(depthSheet.width, 2 * 10 + 3 * 128 + 2 * 4)
        XCTAssertGreaterThanOrEqual(depthSheet.height, 4 * 64)

        // input | ground truth | scratch | transfer | depth, 4 rows of 64x32 at scale 2.
        let sheet = try PNGImage.read(path: work.path + "/report/210_qualitative.png")
        XCTAssertGreaterThanOrEqual(sheet.width, 5 * 128)
        XCTAssertLessThan(sheet.width, 5 * 128 + 100)
        XCTAssertGreaterThanOrEqual(sheet.height, 4 * 64)
        // Some ground-truth cell pixels carry class colours (not all background).
        let palette = Set(ColorMaps.palette.map { [$0.r, $0.g, $0.b] })
        var classPixels = 0
        for p in stride(from: 0, to: sheet.pixels.count, by: 3) where palette.contains(Array(sheet.pixels[p..<p + 3])) {
            classPixels += 1
        }
        XCTAssertGreaterThan(classPixels, 3 * 64 * 32)
        let curves = try PNGImage.read(path: work.path + "/report/210_curves.png")
        XCTAssertEqual([curves.width, curves.height], [800, 400])

        // The report's numbers are the store's.
        let markdown = try String(contentsOfFile: work.path + "/report/report.md", encoding: .utf8)
        for run in try store.runs(experiment: "210") {
            let miou = try XCTUnwrap(try store.evaluations(runId: run.id!).last?.meanIoU)
            XCTAssertTrue(markdown.contains("| \(run.configName) | " + String(format: "%.1f", miou * 100)), markdown)
        }
        XCTAssertTrue(markdown.contains("![210 qualitative](210_qualitative.png)"))
        let html = try String(contentsOfFile: work.path + "/report/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("alt=\"210 qualitative\"") && html.contains("src=\"data:image/png;base64,iVBORw0KGgo"))
    }
}
