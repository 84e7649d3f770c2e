import Foundation
@testable import Reports
import XCTest

/// The report's statistical figures: marks land where the data says.
final class StatisticalFigureTests: XCTestCase {
    func testForestPlotDrawsZeroLineIntervalsMeansAndPublishedMarkers() throws {
        let rows = [
            ForestPlot.Row(label: "a > b (100)", mean: 1, interval: -0.5...2.5, published: 4, verdict: "inconclusive"),
            ForestPlot.Row(label: "c > d (100)", mean: -2, interval: nil, published: nil,
                           verdict: "inconclusive (one seed: no interval)"),
        ]
        let plot = ForestPlot(title: "claims", rows: rows, publishedLabel: "published (test)")
        let canvas = try plot.render()
        XCTAssertEqual(plot.range.lowerBound, -2.5, accuracy: 1e-12)     // -2 minus the 0.5 pad
        XCTAssertEqual(plot.range.upperBound, 4.5, accuracy: 1e-12)
        let y0 = ForestPlot.top + ForestPlot.rowHeight / 2, y1 = y0 + ForestPlot.rowHeight
        // The zero line crosses every row.
        XCTAssertEqual(canvas.pixel(x: plot.x(0), y: y0 - 10), .black)
        XCTAssertEqual(canvas.pixel(x: plot.x(0), y: y1 + 10), .black)
        // Row 1: the interval is a black line from -0.5 to 2.5, the mean a black square, the
        // published effect an orange diamond outline at 4 with a white centre.
        XCTAssertEqual(canvas.pixel(x: plot.x(-0.4), y: y0), .black)
        XCTAssertEqual(canvas.pixel(x: plot.x(2.4), y: y0), .black)
        XCTAssertNotEqual(canvas.pixel(x: plot.x(3.2), y: y0), .black)
        XCTAssertEqual(canvas.pixel(x: plot.x(1) + 3, y: y0 + 3), .black)
        XCTAssertEqual(canvas.pixel(x: plot.x(4) + 6, y: y0), LinePlot.seriesColors[1])
        XCTAssertEqual(canvas.pixel(x: plot.x(4), y: y0), .white)
        // Row 2: no interval: only the square at -2, nothing at -1.
        XCTAssertEqual(canvas.pixel(x: plot.x(-2) + 3, y: y1), .black)
        XCTAssertNotEqual(canvas.pixel(x: plot.x(-1), y: y1), .black)
        XCTAssertThrowsError(try ForestPlot(title: "x", rows: [], publishedLabel: "p").render())
    }

    func testBarChartDrawsMeansIntervalsAndEverySeed() throws {
        let chart = VariantBarChart(title: "210", yLabel: "mIoU (%)", seriesNames: ["100 labels"],
                                    bars: [.init(variant: "scratch", series: 0, values: [20, 22, 24]),
                                           .init(variant: "transfer", series: 0, values: [30])])
        let canvas = try chart.render()
        XCTAssertEqual(chart.variants, ["scratch", "transfer"])
        // scratch: mean 22, CI 22 ± 4.968 reaches 26.97, the axis top is 8% above it.
        XCTAssertEqual(chart.yMax, 30 * 1.08, accuracy: 1e-9)
        let scratch = chart.bars[0], cx = chart.x(of: scratch)
        let bottom = chart.height - VariantBarChart.bottom
        // The bar is filled between its mean and the axis (left of the whisker).
        let fill = canvas.pixel(x: cx - 10, y: (chart.y(22) + bottom) / 2)
        XCTAssertNotEqual(fill, .white)
        XCTAssertEqual(canvas.pixel(x: cx - 10, y: chart.y(22) - 4), .white)
        // The whisker spans the interval: black at 25 and 19, not beyond 27.5.
        XCTAssertEqual(canvas.pixel(x: cx, y: chart.y(25)), .black)
        XCTAssertEqual(canvas.pixel(x: cx, y: chart.y(19)), .black)
        XCTAssertNotEqual(canvas.pixel(x: cx, y: chart.y(28)), .black)
        // Seed dots: a coloured ring with a white centre at each value, spread sideways.
        XCTAssertEqual(canvas.pixel(x: cx - 6, y: chart.y(20)), .white)
        XCTAssertEqual(canvas.pixel(x: cx - 6 + 2, y: chart.y(20)), LinePlot.seriesColors[0])
        XCTAssertEqual(canvas.pixel(x: cx + 6, y: chart.y(24)), .white)
        // One seed: no whisker above the bar.
        let transfer = chart.x(of: chart.bars[1])
        XCTAssertNotEqual(canvas.pixel(x: transfer, y: chart.y(31)), .black)
    }

    func testLinePlotReferenceLineIsDashedAndInRange() throws {
        var plot = LinePlot(title: "depth", xLabel: "iteration", yLabel: "abs_rel",
                            series: [.init(name: "depth", points: [(0, 0.5), (100, 0.4)], color: LinePlot.seriesColors[0])])
        plot.references = [.init(name: "constant depth (0.690)", y: 0.69)]
        XCTAssertGreaterThanOrEqual(plot.ranges.y.upperBound, 0.69)
        let canvas = try plot.render()
        let y = plot.pixel(0, 0.69).y
        let area = plot.plotArea
        let row = (area.left + 2..<area.left + 200).map { canvas.pixel(x: $0, y: y) }
        XCTAssert(row.contains(.grey) && row.contains { $0 != .grey }, "a dashed grey line")
    }

    /// On a logarithmic axis each doubling is one equal stride: 1000 steps lies halfway
    /// between 500 and 2000, and the curve is drawn through it.
    func testLogarithmicAxisSpacesDoublingsEvenly() throws {
        var plot = LinePlot(title: "ladder", xLabel: "steps", yLabel: "effect",
                            series: [.init(name: "transfer", points: [(500, 1), (1000, 0.5), (2000, 0.4)],
                                           color: LinePlot.seriesColors[0])])
        plot.logarithmicX = true
        let left = plot.pixel(500, 0).x, middle = plot.pixel(1000, 0).x, right = plot.pixel(2000, 0).x
        XCTAssertEqual(left, plot.plotArea.left)
        XCTAssertEqual(right, plot.plotArea.right)
        XCTAssertLessThanOrEqual(abs(2 * middle - left - right), 1)
        let canvas = try plot.render()
        let column = (plot.plotArea.top...plot.plotArea.bottom).map { canvas.pixel(x: middle, y: $0) }
        XCTAssert(column.contains(LinePlot.seriesColors[0]), "the curve passes the 1000-step column")
    }

    func testTickLabelsKeepEnoughDecimals() {
        let ticks = LinePlot.ticks(0.6142, 0.6162)
        let labels = ticks.map { LinePlot.label($0, ticks: ticks) }
        XCTAssertEqual(Set(labels).count, labels.count, "\(labels)")
        XCTAssertEqual(labels.first, "0.6145")
        XCTAssertEqual(LinePlot.label(20, ticks: [0, 10, 20]), "20")
        XCTAssertEqual(LinePlot.label(0.4, ticks: [0, 0.2, 0.4]), "0.4")
    }
}
