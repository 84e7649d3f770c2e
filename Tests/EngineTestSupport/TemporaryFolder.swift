import Foundation

/// A fresh folder under the system's temporary directory for one test, removed by
/// `remove()`.
public struct TemporaryFolder {
    /// The folder's absolute path.
    public let path: String

    /// Creates `<tmp>/threeways-tests-<name>-<uuid>`.
    public init(_ name: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("threeways-tests-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Deletes the folder and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
