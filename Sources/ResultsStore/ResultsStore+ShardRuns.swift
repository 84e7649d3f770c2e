import Foundation
import GRDB

extension ResultsStore {
    /// The runs of a shard file, oldest first, read without creating, migrating or
    /// writing it (for status reports while tasks still write their shards).
    public static func runs(readingShard path: String) throws -> [Run] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw MergeError.unreadableShard(path: path, reason: "no such file")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            return try DatabaseQueue(path: path, configuration: configuration).read {
                try Run.order(Run.Columns.id).fetchAll($0)
            }
        } catch {
            throw MergeError.unreadableShard(path: path, reason: "\(error)")
        }
    }
}
