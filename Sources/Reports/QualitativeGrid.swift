/// A qualitative figure sheet: one row per sample, columns input | ground truth |
/// the prediction of each compared configuration | depth colour map, with column
/// titles and a legend of the 19 class colours, drawn with gd's bitmap fonts.
public struct QualitativeGrid {
    /// One sample's row. Images are `width` x `height`: `image` interleaved RGB,
    /// label maps train ids (255 = ignore), `depth` metres (0 = none).
    public struct Row {
        public var name: String
        public var image: [UInt8]
        public var groundTruth: [UInt8]
        public var predictions: [[UInt8]]
        public var depth: [Float]?

        public init(name: String, image: [UInt8], groundTruth: [UInt8], predictions: [[UInt8]], depth: [Float]? = nil) {
            self.name = name
            self.image = image
            self.groundTruth = groundTruth
            self.predictions = predictions
            self.depth = depth
        }
    }

    /// Size of every image in the rows, pixels.
    public var width: Int
    public var height: Int
    /// Titles of the prediction columns (one per compared configuration).
    public var predictionTitles: [String]
    public var rows: [Row]
    /// Each image pixel is drawn as a scale x scale block.
    public var scale: Int
    /// A title over the whole sheet.
    public var title: String

    public init(width: Int, height: Int, predictionTitles: [String], rows: [Row], scale: Int = 2, title: String = "") {
        self.width = width
        self.height = height
        self.predictionTitles = predictionTitles
        self.rows = rows
        self.scale = scale
        self.title = title
    }

    static let margin = 10, gap = 4

    /// The left edge of column `c` and the top edge of row `r`, pixels (for tests).
    func cellOrigin(column c: Int, row r: Int) -> (x: Int, y: Int) {
        (Self.margin + c * (width * scale + Self.gap), headerHeight + r * (height * scale + Self.gap))
    }

    private var hasDepth: Bool { rows.contains { $0.depth != nil } }
    private var columnTitles: [String] { ["input", "ground truth"] + predictionTitles + (hasDepth ? ["depth"] : []) }
    private var headerHeight: Int {
        Self.margin + (title.isEmpty ? 0 : Font.large.characterHeight + 6) + Font.mediumBold.characterHeight + 4
    }

    /// Legend geometry: swatch rows under the grid.
    private func legendLayout(canvasWidth: Int) -> (perRow: Int, cellWidth: Int, rows: Int) {
        let cellWidth = 14 + Font.small.width(of: "traffic light") + 12
        let perRow = max(1, (canvasWidth - 2 * Self.margin) / cellWidth)
        return (perRow, cellWidth, (ColorMaps.palette.count + perRow - 1) / perRow)
    }

    /// Draws the sheet.
    public func render() throws -> Canvas {
        guard !rows.isEmpty else { throw FigureError.invalidInput("no rows") }
        let pixels = width * height
        for row in rows {
            guard row.image.count == 3 * pixels, row.groundTruth.count == pixels,
                  row.predictions.count == predictionTitles.count,
                  row.predictions.allSatisfy({ $0.count == pixels }),
                  row.depth.map({ $0.count == pixels }) ?? true else {
                throw FigureError.invalidInput("row \(row.name) does not match \(width)x\(height) with \(predictionTitles.count) predictions")
            }
        }
        let columns = columnTitles.count
        let cellW = width * scale, cellH = height * scale
        let gridWidth = 2 * Self.margin + columns * cellW + (columns - 1) * Self.gap
        let canvasWidth = max(gridWidth, 2 * Self.margin + Font.large.width(of: title))
        let legend = legendLayout(canvasWidth: canvasWidth)
        let gridBottom = headerHeight + rows.count * cellH + (rows.count - 1) * Self.gap
        let canvasHeight = gridBottom + Self.margin + legend.rows * 16 + Self.margin
        let canvas = Canvas(width: canvasWidth, height: canvasHeight)

        var y = Self.margin
        if !title.isEmpty {
            canvas.text(title, x: Self.margin, y: y, font: .large)
            y += Font.large.characterHeight + 6
        }
        for (c, name) in columnTitles.enumerated() {
            let x = cellOrigin(column: c, row: 0).x
            let shown = String(name.prefix(max(1, cellW / Font.mediumBold.characterWidth)))
            canvas.text(shown, x: x + max(0, (cellW - Font.mediumBold.width(of: shown)) / 2), y: y, font: .mediumBold)
        }
        for (r, row) in rows.enumerated() {
            var images = [row.image, ColorMaps.colorize(trainIds: row.groundTruth)]
            images += row.predictions.map { ColorMaps.colorize(trainIds: $0) }
            if hasDepth { images.append(ColorMaps.colorize(depth: row.depth ?? [Float](repeating: 0, count: pixels))) }
            for (c, rgb) in images.enumerated() {
                let o = cellOrigin(column: c, row: r)
                canvas.draw(rgb: rgb, width: width, height: height, x: o.x, y: o.y, scale: scale)
            }
        }
        // Legend: a swatch and the class name per train id.
        for (i, name) in ColorMaps.classNames.enumerated() {
            let x = Self.margin + (i % legend.perRow) * legend.cellWidth
            let ly = gridBottom + Self.margin + (i / legend.perRow) * 16
            canvas.fill(x: x, y: ly, width: 12, height: 12, color: ColorMaps.palette[i])
            canvas.outline(x: x, y: ly, width: 12, height: 12, color: .grey)
            canvas.text(name, x: x + 16, y: ly, font: .small)
        }
        return canvas
    }
}
