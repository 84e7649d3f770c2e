import CityscapesData
import Foundation
import ImageIO
import SynthCity
import XCTest

/// A fresh folder under the system's temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init(_ name: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("cityscapes-tests-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A tiny SynthCity tree (3 train + 1 val sequences at 64x32), rendered once per test
/// process; tests copy it before changing anything.
enum TinySynthCity {
    static let settings = SynthCitySettings(seed: 5, trainCount: 3, valCount: 1, width: 64, height: 32,
                                            supersampling: 1)

    private static let rendered: Result<String, Error> = Result {
        let folder = try TemporaryFolder("tiny-synthcity")
        try SynthCityGenerator(settings: settings).generate(root: folder.path)
        return folder.path
    }

    /// A private copy of the tiny tree in a new temporary folder.
    static func copy() throws -> TemporaryFolder {
        let folder = try TemporaryFolder("tree")
        try FileManager.default.removeItem(atPath: folder.path)
        try FileManager.default.copyItem(atPath: try rendered.get(), toPath: folder.path)
        return folder
    }

    /// The labelled frames of `split` in the tiny tree, sorted.
    static func frames(_ split: CityscapesSplit, root: String) -> [CityscapesFrameID] {
        CityscapesLayout(root: root).frames(split: split)
    }
}

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
