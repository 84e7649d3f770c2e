import Foundation
import GRDB

/// One training run: an experiment configuration at one profile, seed and labelled
/// subset. Table `run`.
public struct Run: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "run"
    public var id: Int64?
    /// Experiment id, e.g. "210", "211", "212" or "depth".
    public var experiment: String
    /// Named configuration, e.g. "transfer+depthmix".
    public var configName: String
    /// Profile: paper, standard, quick or smoke.
    public var profile: String
    public var seed: Int
    /// Labelled-subset size, nil when every training sample is labelled or none is used.
    public var subsetSize: Int?
    /// Which subset: "random:<dataset seed>", "list:<file hash>" or "all".
    public var subsetIdentity: String
    /// The full configuration as JSON, and its hash.
    public var configJSON: String
    public var configHash: String
    /// Settings hash of the dataset the run trained on.
    public var datasetHash: String
    /// Code version: git commit and whether the tree had uncommitted changes.
    public var codeCommit: String
    public var codeDirty: Bool
    /// Worker threads the run used.
    public var threads: Int
    /// Free text: CPU model, cores, memory, OS.
    public var machine: String
    public var startedAt: Date
    public var endedAt: Date?
    public var status: RunStatus
    /// The error of a failed run.
    public var message: String?

    /// The columns of table `run`, for queries.
    public enum Columns {
        public static let id = Column(snakeCase: CodingKeys.id)
        public static let experiment = Column(snakeCase: CodingKeys.experiment)
        public static let configName = Column(snakeCase: CodingKeys.configName)
        public static let profile = Column(snakeCase: CodingKeys.profile)
        public static let seed = Column(snakeCase: CodingKeys.seed)
        public static let subsetSize = Column(snakeCase: CodingKeys.subsetSize)
        public static let subsetIdentity = Column(snakeCase: CodingKeys.subsetIdentity)
        public static let configJSON = Column(snakeCase: CodingKeys.configJSON)
        public static let configHash = Column(snakeCase: CodingKeys.configHash)
        public static let datasetHash = Column(snakeCase: CodingKeys.datasetHash)
        public static let codeCommit = Column(snakeCase: CodingKeys.codeCommit)
        public static let codeDirty = Column(snakeCase: CodingKeys.codeDirty)
        public static let threads = Column(snakeCase: CodingKeys.threads)
        public static let machine = Column(snakeCase: CodingKeys.machine)
        public static let startedAt = Column(snakeCase: CodingKeys.startedAt)
        public static let endedAt = Column(snakeCase: CodingKeys.endedAt)
        public static let status = Column(snakeCase: CodingKeys.status)
        public static let message = Column(snakeCase: CodingKeys.message)
    }

    public init(id: Int64? = nil, experiment: String, configName: String, profile: String, seed: Int,
                subsetSize: Int?, subsetIdentity: String, configJSON: String, configHash: String,
                datasetHash: String, codeCommit: String, codeDirty: Bool, threads: Int, machine: String,
                startedAt: Date, endedAt: Date? = nil, status: RunStatus = .running, message: String? = nil) {
        self.id = id
        self.experiment = experiment
        self.configName = configName
        self.profile = profile
        self.seed = seed
        self.subsetSize = subsetSize
        self.subsetIdentity = subsetIdentity
        self.configJSON = configJSON
        self.configHash = configHash
        self.datasetHash = datasetHash
        self.codeCommit = codeCommit
        self.codeDirty = codeDirty
        self.threads = threads
        self.machine = machine
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.message = message
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// What makes two runs the same run (the runner skips a key that is done).
    public var key: RunKey {
        RunKey(experiment: experiment, configName: configName, profile: profile, seed: seed,
               subsetIdentity: subsetIdentity, configHash: configHash, datasetHash: datasetHash)
    }
}
