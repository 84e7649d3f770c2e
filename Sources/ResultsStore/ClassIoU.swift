import GRDB

/// The IoU of one class in one evaluation, in [0, 1] (nil: the class occurs in neither
/// ground truth nor prediction). Table `class_iou`.
public struct ClassIoU: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "class_iou"
    public var evaluationId: Int64
    /// Train id 0...18 and the Cityscapes class name.
    public var classId: Int
    public var className: String
    public var iou: Double?

    /// The columns of table `class_iou`, for queries.
    public enum Columns {
        public static let evaluationId = Column(snakeCase: CodingKeys.evaluationId)
        public static let classId = Column(snakeCase: CodingKeys.classId)
        public static let className = Column(snakeCase: CodingKeys.className)
        public static let iou = Column(snakeCase: CodingKeys.iou)
    }

    public init(evaluationId: Int64, classId: Int, className: String, iou: Double?) {
        self.evaluationId = evaluationId
        self.classId = classId
        self.className = className
        self.iou = iou
    }
}
