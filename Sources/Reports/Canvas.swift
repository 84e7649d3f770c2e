import CGD
import Foundation

/// A true-colour drawing surface on libgd: pixel images, text in gd's bitmap fonts,
/// lines and rectangles; written as PNG. Coordinates are pixels from the top-left.
public final class Canvas {
    /// Size in pixels.
    public let width: Int
    public let height: Int
    private let image: gdImagePtr

    /// A canvas filled with `background`.
    public init(width: Int, height: Int, background: Color = .white) {
        precondition(width > 0 && height > 0, "Canvas: empty size \(width)x\(height)")
        self.width = width
        self.height = height
        image = gdImageCreateTrueColor(Int32(width), Int32(height))
        gdImageAlphaBlending(image, 0)
        fill(x: 0, y: 0, width: width, height: height, color: background)
    }

    deinit { gdImageDestroy(image) }

    /// The colour at (x, y).
    public func pixel(x: Int, y: Int) -> Color {
        let v = gdImageGetTrueColorPixel(image, Int32(x), Int32(y))
        return Color(UInt8((v >> 16) & 255), UInt8((v >> 8) & 255), UInt8(v & 255))
    }

    /// Sets one pixel (ignored outside the canvas).
    public func set(x: Int, y: Int, color: Color) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        image.pointee.tpixels[y]![x] = color.gd
    }

    /// Draws an interleaved RGB image (`pixels.count == 3 * w * h`) with its top-left
    /// at (x, y), each source pixel as a `scale` x `scale` block.
    public func draw(rgb pixels: [UInt8], width w: Int, height h: Int, x: Int, y: Int, scale: Int = 1) {
        precondition(pixels.count == 3 * w * h, "Canvas.draw: \(pixels.count) samples for \(w)x\(h)")
        for sy in 0..<h * scale {
            let ty = y + sy
            guard ty >= 0, ty < height else { continue }
            let row = image.pointee.tpixels[ty]!
            let srcRow = (sy / scale) * w
            for sx in 0..<w * scale {
                let tx = x + sx
                guard tx >= 0, tx < width else { continue }
                let p = 3 * (srcRow + sx / scale)
                row[tx] = (Int32(pixels[p]) << 16) | (Int32(pixels[p + 1]) << 8) | Int32(pixels[p + 2])
            }
        }
    }

    /// Fills a rectangle.
    public func fill(x: Int, y: Int, width w: Int, height h: Int, color: Color) {
        guard w > 0, h > 0 else { return }
        gdImageFilledRectangle(image, Int32(x), Int32(y), Int32(x + w - 1), Int32(y + h - 1), color.gd)
    }

    /// Outlines a rectangle.
    public func outline(x: Int, y: Int, width w: Int, height h: Int, color: Color) {
        gdImageRectangle(image, Int32(x), Int32(y), Int32(x + w - 1), Int32(y + h - 1), color.gd)
    }

    /// A straight line of `thickness` pixels.
    public func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), color: Color, thickness: Int = 1) {
        gdImageSetThickness(image, Int32(thickness))
        gdImageLine(image, Int32(a.x), Int32(a.y), Int32(b.x), Int32(b.y), color.gd)
        gdImageSetThickness(image, 1)
    }

    /// A dashed straight line: `dash` pixels drawn, `gap` pixels skipped.
    public func dashedLine(from a: (x: Int, y: Int), to b: (x: Int, y: Int), color: Color, thickness: Int = 1,
                           dash: Int = 6, gap: Int = 4) {
        let dx = Double(b.x - a.x), dy = Double(b.y - a.y)
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return }
        var start = 0.0
        while start < length {
            let end = min(length, start + Double(dash))
            line(from: (a.x + Int((dx * start / length).rounded()), a.y + Int((dy * start / length).rounded())),
                 to: (a.x + Int((dx * end / length).rounded()), a.y + Int((dy * end / length).rounded())),
                 color: color, thickness: thickness)
            start = end + Double(gap)
        }
    }

    /// A closed polygon through `points`, filled or outlined.
    public func polygon(_ points: [(x: Int, y: Int)], color: Color, filled: Bool) {
        guard points.count >= 3 else { return }
        var gdPoints = points.map { gdPoint(x: Int32($0.x), y: Int32($0.y)) }
        gdPoints.withUnsafeMutableBufferPointer { p in
            if filled {
                gdImageFilledPolygon(image, p.baseAddress, Int32(p.count), color.gd)
            } else {
                gdImagePolygon(image, p.baseAddress, Int32(p.count), color.gd)
            }
        }
    }

    /// A filled circle of `diameter` pixels centred on (x, y).
    public func disc(x: Int, y: Int, diameter: Int, color: Color) {
        gdImageFilledEllipse(image, Int32(x), Int32(y), Int32(diameter), Int32(diameter), color.gd)
    }

    /// Text with its top-left at (x, y); `vertical` writes it bottom-to-top starting at (x, y).
    public func text(_ string: String, x: Int, y: Int, font: Font = .small, color: Color = .black,
                     vertical: Bool = false) {
        var bytes = Array(string.utf8) + [0]
        bytes.withUnsafeMutableBufferPointer { p in
            if vertical {
                gdImageStringUp(image, font.gd, Int32(x), Int32(y), p.baseAddress, color.gd)
            } else {
                gdImageString(image, font.gd, Int32(x), Int32(y), p.baseAddress, color.gd)
            }
        }
    }

    /// The canvas encoded as PNG.
    public func pngData() throws -> Data {
        var size: Int32 = 0
        guard let bytes = gdImagePngPtr(image, &size), size > 0 else {
            throw FigureError.invalidInput("libgd could not encode a \(width)x\(height) PNG")
        }
        defer { gdFree(bytes) }
        return Data(bytes: bytes, count: Int(size))
    }

    /// Writes the canvas as a PNG file (atomically: a temporary file renamed into place).
    public func writePNG(to path: String) throws {
        let data = try pngData()
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw FigureError.unwritable(path: path, reason: error.localizedDescription)
        }
    }
}
