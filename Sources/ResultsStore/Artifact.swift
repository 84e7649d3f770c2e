import GRDB

/// A file a run produced (checkpoint, figure, selection list). Table `artifact`.
public struct Artifact: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "artifact"
    public var runId: Int64
    /// "checkpoint", "figure", "selection", ...
    public var kind: String
    public var path: String

    /// The columns of table `artifact`, for queries.
    public enum Columns {
        public static let runId = Column(snakeCase: CodingKeys.runId)
        public static let kind = Column(snakeCase: CodingKeys.kind)
        public static let path = Column(snakeCase: CodingKeys.path)
    }

    public init(runId: Int64, kind: String, path: String) {
        self.runId = runId
        self.kind = kind
        self.path = path
    }
}
