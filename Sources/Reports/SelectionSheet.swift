import Foundation

/// A figure sheet of data selection: one row per selection method, its first selected
/// training images left to right in selection order (thumbnails, each captioned with its
/// position in the order), so the methods' choices can be compared at a glance.
public struct SelectionSheet {
    /// One method's row.
    public struct Row {
        /// The row's label, e.g. "ds_us (seed 42)".
        public var title: String
        /// Interleaved 8-bit RGB images of `width` x `height`, in selection order.
        public var images: [[UInt8]]
        public init(title: String, images: [[UInt8]]) {
            self.title = title
            self.images = images
        }
    }

    /// Image size in pixels (every thumbnail).
    public var width: Int
    public var height: Int
    public var rows: [Row]
    /// Pixel repetition of every image (1: as stored).
    public var scale: Int
    public var title: String

    static let margin = 12, gap = 4, labelWidth = 130

    public init(width: Int, height: Int, rows: [Row], scale: Int = 1, title: String = "") {
        self.width = width
        self.height = height
        self.rows = rows
        self.scale = scale
        self.title = title
    }

    /// Draws the sheet; throws for no rows or an image of the wrong size.
    public func render() throws -> Canvas {
        guard !rows.isEmpty, width > 0, height > 0 else { throw FigureError.invalidInput("no rows") }
        for row in rows where row.images.contains(where: { $0.count != 3 * width * height }) {
            throw FigureError.invalidInput("row \(row.title): an image is not \(width)x\(height) RGB")
        }
        let columns = max(1, rows.map(\.images.count).max() ?? 1)
        let cellW = width * scale, cellH = height * scale
        let captionH = Font.small.characterHeight + 2
        let headerH = title.isEmpty ? 0 : Font.large.characterHeight + 8
        let canvasW = max(2 * Self.margin + Self.labelWidth + columns * (cellW + Self.gap),
                          2 * Self.margin + Font.large.width(of: title))
        let rowH = cellH + captionH + Self.gap
        let canvas = Canvas(width: canvasW, height: 2 * Self.margin + headerH + rows.count * rowH)
        if !title.isEmpty { canvas.text(title, x: Self.margin, y: Self.margin, font: .large) }
        for (r, row) in rows.enumerated() {
            let y = Self.margin + headerH + r * rowH
            canvas.text(row.title, x: Self.margin, y: y + max(0, (cellH - Font.mediumBold.characterHeight) / 2),
                        font: .mediumBold)
            for (c, image) in row.images.enumerated() {
                let x = Self.margin + Self.labelWidth + c * (cellW + Self.gap)
                canvas.draw(rgb: image, width: width, height: height, x: x, y: y, scale: scale)
                canvas.text("#\(c + 1)", x: x, y: y + cellH + 1, font: .small, color: .grey)
            }
        }
        return canvas
    }
}
