import EngineTestSupport
import Foundation
import SynthCity

/// Tiny SynthCity trees for tests. The tree of each settings is rendered once per test
/// process, into a temporary folder kept for the process's lifetime, and shared: tests
/// only read `root(_:)`, and take a private `copy(_:_:)` before changing anything.
public enum TinyTree {
    /// 64x32 SynthCity settings with `train` + `val` sequences (the rest at SynthCity's
    /// defaults unless given).
    public static func settings(seed: UInt64, train: Int, val: Int, supersampling: Int? = nil) -> SynthCitySettings {
        var settings = SynthCitySettings(seed: seed, trainCount: train, valCount: val, width: 64, height: 32)
        if let supersampling { settings.supersampling = supersampling }
        return settings
    }

    /// The shared tree of `settings` (rendered on first use); read it, never change it.
    public static func root(_ settings: SynthCitySettings) throws -> String {
        try Rendered.shared.root(settings)
    }

    /// A private copy of the tree of `settings` in a new temporary folder named after
    /// `name` (for tests that damage or extend it).
    public static func copy(_ name: String, _ settings: SynthCitySettings) throws -> TemporaryFolder {
        let source = try root(settings)
        let folder = try TemporaryFolder(name)
        try FileManager.default.removeItem(atPath: folder.path)
        try FileManager.default.copyItem(atPath: source, toPath: folder.path)
        return folder
    }

    /// The rendered trees by settings hash, with the error of a failed rendering kept so
    /// every test that needs that tree reports it.
    private final class Rendered: @unchecked Sendable {
        static let shared = Rendered()
        private let lock = NSLock()
        private var trees: [String: Result<String, Error>] = [:]

        func root(_ settings: SynthCitySettings) throws -> String {
            lock.lock()
            defer { lock.unlock() }
            if let tree = trees[settings.hash] { return try tree.get() }
            let tree = Result { () throws -> String in
                let folder = try TemporaryFolder("tiny-synthcity-\(settings.hash)")
                try SynthCityGenerator(settings: settings).generate(root: folder.path)
                return folder.path
            }
            trees[settings.hash] = tree
            return try tree.get()
        }
    }
}
