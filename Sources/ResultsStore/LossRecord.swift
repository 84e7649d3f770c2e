import GRDB

/// One training-loss value logged at a step (for training curves). Table `loss`;
/// `step` counts optimiser steps from the start of the run (across phases).
public struct LossRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "loss"
    public var runId: Int64
    /// E.g. "depth1", "depth2", "segmentation".
    public var phase: String
    public var step: Int
    /// E.g. "total", "cross_entropy".
    public var name: String
    public var value: Double

    /// The columns of table `loss`, for queries.
    public enum Columns {
        public static let runId = Column(snakeCase: CodingKeys.runId)
        public static let phase = Column(snakeCase: CodingKeys.phase)
        public static let step = Column(snakeCase: CodingKeys.step)
        public static let name = Column(snakeCase: CodingKeys.name)
        public static let value = Column(snakeCase: CodingKeys.value)
    }

    public init(runId: Int64, phase: String, step: Int, name: String, value: Double) {
        self.runId = runId
        self.phase = phase
        self.step = step
        self.name = name
        self.value = value
    }
}
