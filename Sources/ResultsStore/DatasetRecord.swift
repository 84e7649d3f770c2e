import Foundation
import GRDB

/// Statistics of a dataset as `threeways data stats` computed them, tied to the
/// dataset's seed and settings hash so every run can name the data it used. Table
/// `dataset`.
public struct DatasetRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "dataset"
    public var id: Int64?
    /// The tree's root folder.
    public var root: String
    /// "synthcity" or "cityscapes".
    public var generator: String
    /// SynthCity's seed (nil for real Cityscapes).
    public var seed: Int64?
    /// SynthCity's settings hash, or "cityscapes" for a real copy.
    public var settingsHash: String
    /// The full statistics as JSON (counts, class frequencies, archetypes, depth range).
    public var statsJSON: String
    public var recordedAt: Date

    /// The columns of table `dataset`, for queries.
    public enum Columns {
        public static let id = Column(snakeCase: CodingKeys.id)
        public static let root = Column(snakeCase: CodingKeys.root)
        public static let generator = Column(snakeCase: CodingKeys.generator)
        public static let seed = Column(snakeCase: CodingKeys.seed)
        public static let settingsHash = Column(snakeCase: CodingKeys.settingsHash)
        public static let statsJSON = Column(snakeCase: CodingKeys.statsJSON)
        public static let recordedAt = Column(snakeCase: CodingKeys.recordedAt)
    }

    public init(id: Int64? = nil, root: String, generator: String, seed: Int64?, settingsHash: String,
                statsJSON: String, recordedAt: Date = Date()) {
        self.id = id
        self.root = root
        self.generator = generator
        self.seed = seed
        self.settingsHash = settingsHash
        self.statsJSON = statsJSON
        self.recordedAt = recordedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
