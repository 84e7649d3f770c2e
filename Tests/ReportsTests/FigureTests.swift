import EngineTestSupport
import Foundation
import ImageIO
@testable import Reports
import XCTest

/// Figure sheets: pixels land where the layout says, PNGs read back exactly.
final class FigureTests: XCTestCase {
    func testCanvasPixelsSurviveThePNGRoundTrip() throws {
        let folder = try TemporaryFolder("canvas")
        defer { folder.remove() }
        let canvas = Canvas(width: 5, height: 3, background: Color(1, 2, 3))
        canvas.draw(rgb: [255, 0, 0, 0, 255, 0], width: 2, height: 1, x: 1, y: 1)
        canvas.set(x: 4, y: 2, color: Color(9, 8, 7))
        let path = folder.path + "/c.png"
        try canvas.writePNG(to: path)
        let back = try PNGImage.read(path: path, as: .rgb8)
        XCTAssertEqual(back.width, 5)
        XCTAssertEqual(Array(back.pixels[0..<3]), [1, 2, 3])
        XCTAssertEqual(Array(back.pixels[3 * 6..<3 * 6 + 6]), [255, 0, 0, 0, 255, 0])
        XCTAssertEqual(Array(back.pixels[3 * 14..<3 * 15]), [9, 8, 7])
        XCTAssertThrowsError(try canvas.writePNG(to: "/nonexistent-folder/x.png")) {
            XCTAssert("\($0)".contains("/nonexistent-folder/x.png"), "\($0)")
        }
    }

    func testColorMaps() {
        XCTAssertEqual(ColorMaps.segmentation(trainId: 0), Color(128, 64, 128))    // road
        XCTAssertEqual(ColorMaps.segmentation(trainId: 18), Color(119, 11, 32))    // bicycle
        XCTAssertEqual(ColorMaps.segmentation(trainId: 255), .black)
        XCTAssertEqual(ColorMaps.magma(0), Color(0, 0, 4))
        XCTAssertEqual(ColorMaps.magma(1), Color(252, 253, 191))
        XCTAssertEqual(ColorMaps.magma(0.5), Color(183, 55, 121))
        XCTAssertEqual(ColorMaps.magma(1.0 / 32), Color(5, 4, 19)) // halfway between the first two anchors
        // Depth: nearer is brighter; disparities at and above the 95th percentile (nearest
        // rank: of 0.25, 0.5, 1 that is 0.5) saturate; 0 is black.
        let rgb = ColorMaps.colorize(depth: [0, 1, 2, 4])
        XCTAssertEqual(Array(rgb[0..<3]), [0, 0, 0])
        XCTAssertEqual(Array(rgb[3..<6]), [252, 253, 191])
        XCTAssertEqual(Array(rgb[6..<9]), [252, 253, 191])
        let half = ColorMaps.magma(0.5)
        XCTAssertEqual(Array(rgb[9..<12]), [half.r, half.g, half.b])
    }

    func testQualitativeGridLayout() throws {
        let w = 4, h = 2
        let image = [UInt8](repeating: 200, count: 3 * w * h)
        let gt = [UInt8](repeating: 0, count: w * h)              // road
        let predA = [UInt8](repeating: 13, count: w * h)          // car
        var predB = [UInt8](repeating: 255, count: w * h)         // ignore -> black
        predB[w * h - 1] = 10                                     // sky in the last pixel
        let rows = [QualitativeGrid.Row(name: "a", image: image, groundTruth: gt, predictions: [predA, predB],
                                        depth: [Float](repeating: 5, count: w * h))]
        let grid = QualitativeGrid(width: w, height: h, predictionTitles: ["scratch", "transfer"], rows: rows,
                                   scale: 3, title: "Experiment 210")
        let canvas = try grid.render()
        func at(_ column: Int, _ dx: Int = 0, _ dy: Int = 0) -> Color {
            let o = grid.cellOrigin(column: column, row: 0)
            return canvas.pixel(x: o.x + dx, y: o.y + dy)
        }
        XCTAssertEqual(at(0), Color(200, 200, 200))
        XCTAssertEqual(at(1), Color(128, 64, 128))
        XCTAssertEqual(at(2, 11, 5), Color(0, 0, 142))
        XCTAssertEqual(at(3), .black)
        XCTAssertEqual(at(3, 3 * w - 1, 3 * h - 1), Color(70, 130, 180)) // sky block, scaled 3x
        XCTAssertEqual(at(4), Color(252, 253, 191))                       // uniform depth: all at vmax
        // Column titles and the sheet title are drawn (dark pixels above the grid).
        let top = grid.cellOrigin(column: 0, row: 0).y
        var dark = 0
        for y in 0..<top { for x in 0..<canvas.width where canvas.pixel(x: x, y: y) == .black { dark += 1 } }
        XCTAssertGreaterThan(dark, 100)
        // The legend shows every class colour.
        var colors = Set<Color>()
        for y in top..<canvas.height { for x in 0..<canvas.width { colors.insert(canvas.pixel(x: x, y: y)) } }
        for c in ColorMaps.palette { XCTAssert(colors.contains(c), "legend lacks \(c)") }

        var bad = rows
        bad[0].predictions = [predA]
        XCTAssertThrowsError(try QualitativeGrid(width: w, height: h, predictionTitles: ["scratch", "transfer"],
                                                 rows: bad).render())
    }

    /// The depth sheet: input, ground truth and each network's depth in one colouring;
    /// a near pixel is brighter than a far one, invalid ground truth is black.
    func testDepthGridColoursEveryDepthMapAlike() throws {
        let w = 4, h = 2
        let image = [UInt8](repeating: 90, count: 3 * w * h)
        let truth: [Float] = [0, 20, 18, 16, 14, 12, 10, 2]          // sky (invalid) first, a near pixel last
        let flat = [Float](repeating: 5, count: w * h)
        let grid = DepthGrid(width: w, height: h, predictionTitles: ["depth", "paper_recipe"],
                             rows: [.init(name: "a", image: image, groundTruth: truth, predictions: [truth, flat])],
                             scale: 2, title: "Experiment depth")
        let canvas = try grid.render()
        func at(_ column: Int, _ x: Int, _ y: Int) -> Color {
            let o = grid.cellOrigin(column: column, row: 0)
            return canvas.pixel(x: o.x + 2 * x, y: o.y + 2 * y)
        }
        XCTAssertEqual(at(0, 0, 0), Color(90, 90, 90))
        XCTAssertEqual(at(1, 0, 0), .black)
        XCTAssertEqual(at(1, w - 1, h - 1), Color(252, 253, 191))   // the nearest pixel at vmax
        XCTAssertNotEqual(at(1, 1, 0), at(1, w - 1, h - 1))
        XCTAssertEqual(at(2, w - 1, h - 1), at(1, w - 1, h - 1))    // the same map, the same colours
        XCTAssertEqual(at(3, 1, 1), Color(252, 253, 191))           // uniform depth: all at vmax
        XCTAssertThrowsError(try DepthGrid(width: w, height: h, predictionTitles: ["depth"],
                                           rows: [.init(name: "a", image: image, groundTruth: truth, predictions: [])]).render())
    }

    func testSelectionSheetPutsEachMethodsImagesInOrderOnItsRow() throws {
        let w = 3, h = 2, scale = 2
        func solid(_ v: UInt8) -> [UInt8] { [UInt8](repeating: v, count: 3 * w * h) }
        let sheet = SelectionSheet(width: w, height: h, rows: [
            .init(title: "random (seed 1)", images: [solid(10), solid(20)]),
            .init(title: "ds_us (seed 1)", images: [solid(30), solid(40), solid(50)]),
        ], scale: scale, title: "Experiment 211")
        let canvas = try sheet.render()
        let header = Font.large.characterHeight + 8, rowH = h * scale + Font.small.characterHeight + 2 + SelectionSheet.gap
        func cell(_ r: Int, _ c: Int, dx: Int = 0, dy: Int = 0) -> Color {
            canvas.pixel(x: SelectionSheet.margin + SelectionSheet.labelWidth + c * (w * scale + SelectionSheet.gap) + dx,
                         y: SelectionSheet.margin + header + r * rowH + dy)
        }
        XCTAssertEqual(cell(0, 0), Color(10, 10, 10))
        XCTAssertEqual(cell(0, 1, dx: w * scale - 1, dy: h * scale - 1), Color(20, 20, 20))
        XCTAssertEqual(cell(0, 2), .white)                 // the shorter row leaves its last cell empty
        XCTAssertEqual(cell(1, 0), Color(30, 30, 30))
        XCTAssertEqual(cell(1, 2, dx: 1, dy: 1), Color(50, 50, 50))
        XCTAssertEqual(canvas.width, 2 * SelectionSheet.margin + SelectionSheet.labelWidth + 3 * (w * scale + SelectionSheet.gap))
        XCTAssertThrowsError(try SelectionSheet(width: w, height: h, rows: [.init(title: "x", images: [solid(1) + [1]])]).render())
        XCTAssertThrowsError(try SelectionSheet(width: w, height: h, rows: []).render())
    }

    func testTicksAreNiceNumbers() {
        XCTAssertEqual(LinePlot.ticks(0, 1), [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0])
        XCTAssertEqual(LinePlot.ticks(0, 1000), [0, 200, 400, 600, 800, 1000])
        XCTAssertEqual(LinePlot.ticks(3, 27), [5, 10, 15, 20, 25])
    }

    func testLinePlotDrawsTheCurvesWhereTheDataAre() throws {
        let plot = LinePlot(title: "mIoU", xLabel: "iteration", yLabel: "mIoU",
                            series: [LinePlot.Series(name: "scratch", points: [(0, 0.1), (500, 0.3), (1000, 0.35)],
                                                     color: LinePlot.seriesColors[0]),
                                     LinePlot.Series(name: "transfer", points: [(0, 0.2), (1000, 0.5)],
                                                     color: LinePlot.seriesColors[1])])
        let canvas = try plot.render()
        for (x, y, color) in [(500.0, 0.3, LinePlot.seriesColors[0]), (250.0, 0.275, LinePlot.seriesColors[1])] {
            let p = plot.pixel(x, y)
            var found = false
            for dy in -1...1 { for dx in -1...1 where canvas.pixel(x: p.x + dx, y: p.y + dy) == color { found = true } }
            XCTAssert(found, "no \(color) near (\(x), \(y))")
        }
        XCTAssertThrowsError(try LinePlot(title: "", xLabel: "", yLabel: "", series: []).render())
    }

    /// A band (mean ± sd over seeds) fills a light tint between its low and high lines,
    /// and the legend stands right of the plot area, so no line end is covered.
    func testBandIsTintedAndTheLegendIsOutsideThePlot() throws {
        let color = LinePlot.seriesColors[0]
        let plot = LinePlot(title: "mIoU", xLabel: "iteration", yLabel: "mIoU",
                            series: [.init(name: "a rather long variant name (3 seeds)",
                                           points: [(0, 10), (1000, 30)], color: color,
                                           band: [(0, 5, 15), (1000, 25, 35)])])
        let canvas = try plot.render()
        let tint = Color(UInt8((Int(color.r) + 765) / 4), UInt8((Int(color.g) + 765) / 4), UInt8((Int(color.b) + 765) / 4))
        let inside = plot.pixel(500, 24), outside = plot.pixel(500, 12)
        XCTAssertEqual(canvas.pixel(x: inside.x, y: inside.y), tint)      // within mean ± sd, off the line
        XCTAssertNotEqual(canvas.pixel(x: outside.x, y: outside.y), tint)  // below the band
        let end = plot.pixel(1000, 30)
        XCTAssertEqual(canvas.pixel(x: end.x - 1, y: end.y), color)       // the line's end is drawn, not covered
        let area = plot.plotArea
        XCTAssertLessThan(area.right + plot.legendWidth, plot.width)
        var legendInk = 0
        for y in area.top..<area.top + 14 { for x in area.right + 1..<plot.width where canvas.pixel(x: x, y: y) != .white {
            legendInk += 1
        } }
        XCTAssertGreaterThan(legendInk, 50)
    }
}
