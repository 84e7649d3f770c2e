import Foundation
import ImageIO

/// Creates the folder of `path` and writes `image` there.
func writePNG(_ image: PNGImage, to path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    try image.write(path: path)
}

/// Creates the folder of `path` and writes `text` there.
func writeText(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}
