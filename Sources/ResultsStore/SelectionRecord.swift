import Foundation
import GRDB

/// One subset chosen by data selection (experiment 211): the first `size` training
/// samples a method picked for a seed, in selection order. Table `selection`; a
/// (experiment, method, profile, seed, config hash, dataset hash, size) key is stored
/// once.
public struct SelectionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "selection"
    public var id: Int64?
    /// The selection experiment's id ("211").
    public var experiment: String
    /// "random", "ent", "ds", "us" or "ds_us".
    public var method: String
    public var profile: String
    /// The selection seed (the reference's run seed: its candidate order).
    public var seed: Int
    /// Hash of the selection job's configuration (settings, teacher, method, seed).
    public var configHash: String
    public var datasetHash: String
    /// Number of selected samples.
    public var size: Int
    /// The sample names (file stems) in selection order, as a JSON array of strings.
    public var namesJSON: String
    /// The JSON file the selection was written to.
    public var path: String
    public var recordedAt: Date

    /// The columns of table `selection`, for queries.
    public enum Columns {
        public static let id = Column(snakeCase: CodingKeys.id)
        public static let experiment = Column(snakeCase: CodingKeys.experiment)
        public static let method = Column(snakeCase: CodingKeys.method)
        public static let profile = Column(snakeCase: CodingKeys.profile)
        public static let seed = Column(snakeCase: CodingKeys.seed)
        public static let configHash = Column(snakeCase: CodingKeys.configHash)
        public static let datasetHash = Column(snakeCase: CodingKeys.datasetHash)
        public static let size = Column(snakeCase: CodingKeys.size)
        public static let namesJSON = Column(snakeCase: CodingKeys.namesJSON)
        public static let path = Column(snakeCase: CodingKeys.path)
        public static let recordedAt = Column(snakeCase: CodingKeys.recordedAt)
    }

    public init(id: Int64? = nil, experiment: String, method: String, profile: String, seed: Int,
                configHash: String, datasetHash: String, names: [String], path: String,
                recordedAt: Date = Date()) throws {
        self.id = id
        self.experiment = experiment
        self.method = method
        self.profile = profile
        self.seed = seed
        self.configHash = configHash
        self.datasetHash = datasetHash
        self.size = names.count
        self.namesJSON = String(decoding: try JSONEncoder().encode(names), as: UTF8.self)
        self.path = path
        self.recordedAt = recordedAt
    }

    /// The sample names in selection order.
    public func names() throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(namesJSON.utf8))
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
