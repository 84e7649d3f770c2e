/// A depth figure sheet: one row per sample, columns input | ground-truth depth | the
/// depth of each compared network, every depth map in the same magma colouring of
/// inverse depth (near is bright), each scaled to its own 95th percentile, so a network
/// that sees the scene shows the road, cars, poles, buildings and sky as separate layers
/// whatever its monocular scale. Sky and invalid pixels (depth 0) are black.
public struct DepthGrid {
    /// One sample's row. Images are `width` x `height`: `image` interleaved RGB,
    /// depths in metres, row-major (0 = none).
    public struct Row {
        public var name: String
        public var image: [UInt8]
        public var groundTruth: [Float]?
        public var predictions: [[Float]]

        public init(name: String, image: [UInt8], groundTruth: [Float]?, predictions: [[Float]]) {
            self.name = name
            self.image = image
            self.groundTruth = groundTruth
            self.predictions = predictions
        }
    }

    /// Size of every image in the rows, pixels.
    public var width: Int
    public var height: Int
    /// Titles of the prediction columns (one per compared network).
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

    private var headerHeight: Int {
        Self.margin + (title.isEmpty ? 0 : Font.large.characterHeight + 6) + Font.mediumBold.characterHeight + 4
    }

    /// The left edge of column `c` and the top edge of row `r`, pixels (for tests).
    func cellOrigin(column c: Int, row r: Int) -> (x: Int, y: Int) {
        (Self.margin + c * (width * scale + Self.gap), headerHeight + r * (height * scale + Self.gap))
    }

    /// Draws the sheet.
    public func render() throws -> Canvas {
        guard !rows.isEmpty else { throw FigureError.invalidInput("no rows") }
        let pixels = width * height
        for row in rows {
            guard row.image.count == 3 * pixels, row.groundTruth.map({ $0.count == pixels }) ?? true,
                  row.predictions.count == predictionTitles.count, row.predictions.allSatisfy({ $0.count == pixels }) else {
                throw FigureError.invalidInput("row \(row.name) does not match \(width)x\(height) with "
                                               + "\(predictionTitles.count) depth maps")
            }
        }
        let titles = ["input", "ground truth"] + predictionTitles
        let cellW = width * scale, cellH = height * scale
        let gridWidth = 2 * Self.margin + titles.count * cellW + (titles.count - 1) * Self.gap
        let canvasWidth = max(gridWidth, 2 * Self.margin + Font.large.width(of: title))
        let canvasHeight = headerHeight + rows.count * cellH + (rows.count - 1) * Self.gap + Self.margin
        let canvas = Canvas(width: canvasWidth, height: canvasHeight)
        var y = Self.margin
        if !title.isEmpty {
            canvas.text(title, x: Self.margin, y: y, font: .large)
            y += Font.large.characterHeight + 6
        }
        for (c, name) in titles.enumerated() {
            let x = cellOrigin(column: c, row: 0).x
            let shown = String(name.prefix(max(1, cellW / Font.mediumBold.characterWidth)))
            canvas.text(shown, x: x + max(0, (cellW - Font.mediumBold.width(of: shown)) / 2), y: y, font: .mediumBold)
        }
        for (r, row) in rows.enumerated() {
            let empty = [Float](repeating: 0, count: pixels)
            let images = [row.image, ColorMaps.colorize(depth: row.groundTruth ?? empty)]
                + row.predictions.map { ColorMaps.colorize(depth: $0) }
            for (c, rgb) in images.enumerated() {
                let o = cellOrigin(column: c, row: r)
                canvas.draw(rgb: rgb, width: width, height: height, x: o.x, y: o.y, scale: scale)
            }
        }
        return canvas
    }
}
