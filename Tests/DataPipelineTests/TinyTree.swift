import EngineTestSupport
import Foundation
import SynthCity

/// A small SynthCity tree shared by the loader tests: 6 training and 2 validation
/// sequences at 64x32, rendered once per test process.
enum TinyTree {
    static let settings = SynthCitySettings(seed: 3, trainCount: 6, valCount: 2, width: 64, height: 32)

    static let root: String = {
        let folder = try! TemporaryFolder("datapipeline")
        try! SynthCityGenerator(settings: settings).generate(root: folder.path)
        return folder.path
    }()

    /// A private copy of the tree (for tests that damage it).
    static func copy(_ name: String) throws -> TemporaryFolder {
        let folder = try TemporaryFolder(name)
        try FileManager.default.removeItem(atPath: folder.path)
        try FileManager.default.copyItem(atPath: root, toPath: folder.path)
        return folder
    }
}
