import EngineTestSupport
import Foundation
import ImageIO
import XCTest

/// A hand-made tree of ground-truth and prediction files for one test: a
/// `TemporaryFolder` removed when the test ends, with writers that create the folders
/// of what they write.
final class TemporaryTree {
    let root: String

    init(_ testCase: XCTestCase) throws {
        let folder = try TemporaryFolder("evaluation")
        root = folder.path
        testCase.addTeardownBlock { folder.remove() }
    }

    /// ROOT/relative, with its parent folders created.
    func path(_ relative: String) throws -> String {
        let full = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        return full
    }

    /// Writes an 8-bit grey PNG of `width` x `height` at ROOT/relative; returns its path.
    @discardableResult
    func writeGray8(_ relative: String, width: Int, height: Int, _ pixels: [UInt8]) throws -> String {
        let full = try path(relative)
        try PNGImage(width: width, height: height, gray8: pixels).write(path: full)
        return full
    }

    /// Writes a 16-bit grey PNG at ROOT/relative; returns its path.
    @discardableResult
    func writeGray16(_ relative: String, width: Int, height: Int, _ pixels: [UInt16]) throws -> String {
        let full = try path(relative)
        try PNGImage(width: width, height: height, gray16: pixels).write(path: full)
        return full
    }

    /// Writes `text` at ROOT/relative; returns its path.
    @discardableResult
    func writeText(_ relative: String, _ text: String) throws -> String {
        let full = try path(relative)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }
}
