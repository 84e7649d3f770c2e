import CityscapesData
import Foundation
import ImageIO

/// Reading the PNGs of a sample into the loader's buffers: colour as planar Float32
/// RGB in [0, 1] ([3, H, W]), labels as train ids stored as Float32 ([H, W]), both
/// cropped and optionally mirrored left-right in the same pass.
enum FrameReading {
    /// Reads a PNG, checking its size when `expected` is given. Colour (`.rgb8`) is
    /// converted from any stored layout; label ids (`.gray8`) and disparity
    /// (`.gray16`) must be stored that way, since converting them would change values.
    static func read(_ path: String, as kind: PixelKind,
                     expected: (width: Int, height: Int)? = nil) throws -> PNGImage {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataPipelineError.missingFile(path: path)
        }
        let image: PNGImage
        do {
            image = kind == .rgb8 ? try PNGImage.read(path: path, as: .rgb8) : try PNGImage.read(path: path)
        } catch {
            throw DataPipelineError.unreadableFile(path: path, reason: "\(error)")
        }
        guard image.kind == kind else {
            throw DataPipelineError.unreadableFile(
                path: path, reason: "stored as \(image.kind), expected \(kind == .gray8 ? "8-bit grey label ids" : "16-bit grey disparity")")
        }
        if let expected, expected.width != image.width || expected.height != image.height {
            throw DataPipelineError.sizeMismatch(path: path, expected: expected,
                                                 found: (image.width, image.height))
        }
        return image
    }

    /// Writes the window of an RGB image into `out` as planar [3, h, w] floats / 255.
    static func planarRGB(_ image: PNGImage, window: CropWindow, flip: Bool,
                          into out: UnsafeMutablePointer<Float>) {
        let plane = window.width * window.height
        image.pixels.withUnsafeBufferPointer { src in
            let s = src.baseAddress!
            for y in 0..<window.height {
                let row = s + ((window.y0 + y) * image.width + window.x0) * 3
                let o = y * window.width
                for x in 0..<window.width {
                    let sx = flip ? window.width - 1 - x : x
                    let p = row + 3 * sx
                    out[o + x] = Float(p[0]) * (1 / 255)
                    out[plane + o + x] = Float(p[1]) * (1 / 255)
                    out[2 * plane + o + x] = Float(p[2]) * (1 / 255)
                }
            }
        }
    }

    /// Writes the window of an 8-bit label-id image into `out` as train ids (0...18,
    /// 255 for every label that is not evaluated), [h, w].
    static func trainIds(_ image: PNGImage, window: CropWindow, flip: Bool,
                         into out: UnsafeMutablePointer<Float>) {
        let table = CityscapesLabels.trainIdOfLabelId.map(Float.init)
        table.withUnsafeBufferPointer { t in
            image.pixels.withUnsafeBufferPointer { src in
                for y in 0..<window.height {
                    let row = src.baseAddress! + (window.y0 + y) * image.width + window.x0
                    let o = y * window.width
                    for x in 0..<window.width {
                        out[o + x] = t[Int(row[flip ? window.width - 1 - x : x])]
                    }
                }
            }
        }
    }

    /// Reads and parses a camera JSON file.
    static func camera(_ path: String) throws -> CityscapesCamera {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataPipelineError.missingFile(path: path)
        }
        do {
            return try CityscapesCamera(json: data)
        } catch {
            throw DataPipelineError.unreadableFile(path: path, reason: "\(error)")
        }
    }
}
