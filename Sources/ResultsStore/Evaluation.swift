import GRDB

/// One evaluation of a run at a training step. Table `evaluation`; its per-class IoUs
/// are rows of `class_iou`, its depth metrics a row of `depth_metrics`.
public struct Evaluation: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "evaluation"
    public var id: Int64?
    public var runId: Int64
    /// Completed training steps when evaluated.
    public var step: Int
    /// The split evaluated, e.g. "val".
    public var split: String
    /// Mean IoU over the classes present, and pixel accuracy, in [0, 1]; nil for a
    /// depth-only evaluation.
    public var meanIoU: Double?
    public var pixelAccuracy: Double?

    /// The columns of table `evaluation`, for queries.
    public enum Columns {
        public static let id = Column(snakeCase: CodingKeys.id)
        public static let runId = Column(snakeCase: CodingKeys.runId)
        public static let step = Column(snakeCase: CodingKeys.step)
        public static let split = Column(snakeCase: CodingKeys.split)
        public static let meanIoU = Column(snakeCase: CodingKeys.meanIoU)
        public static let pixelAccuracy = Column(snakeCase: CodingKeys.pixelAccuracy)
    }

    public init(id: Int64? = nil, runId: Int64, step: Int, split: String = "val", meanIoU: Double?,
                pixelAccuracy: Double?) {
        self.id = id
        self.runId = runId
        self.step = step
        self.split = split
        self.meanIoU = meanIoU
        self.pixelAccuracy = pixelAccuracy
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
