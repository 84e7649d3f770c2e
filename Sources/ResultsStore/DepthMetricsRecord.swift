import GRDB

/// Depth metrics of one evaluation (monodepth2 convention, per-image median scaling;
/// depths in metres). Table `depth_metrics`.
public struct DepthMetricsRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "depth_metrics"
    public var evaluationId: Int64
    /// mean(|gt - pred| / gt), unitless.
    public var absRel: Double
    /// mean((gt - pred)^2 / gt), metres.
    public var sqRel: Double
    /// sqrt(mean((gt - pred)^2)), metres.
    public var rmse: Double
    /// sqrt(mean((ln gt - ln pred)^2)), unitless.
    public var rmseLog: Double
    /// Fractions of pixels with max(pred/gt, gt/pred) below 1.25, 1.25^2, 1.25^3.
    public var delta1: Double
    public var delta2: Double
    public var delta3: Double

    /// The columns of table `depth_metrics`, for queries.
    public enum Columns {
        public static let evaluationId = Column(snakeCase: CodingKeys.evaluationId)
        public static let absRel = Column(snakeCase: CodingKeys.absRel)
        public static let sqRel = Column(snakeCase: CodingKeys.sqRel)
        public static let rmse = Column(snakeCase: CodingKeys.rmse)
        public static let rmseLog = Column(snakeCase: CodingKeys.rmseLog)
        public static let delta1 = Column(snakeCase: CodingKeys.delta1)
        public static let delta2 = Column(snakeCase: CodingKeys.delta2)
        public static let delta3 = Column(snakeCase: CodingKeys.delta3)
    }

    public init(evaluationId: Int64, absRel: Double, sqRel: Double, rmse: Double, rmseLog: Double,
                delta1: Double, delta2: Double, delta3: Double) {
        self.evaluationId = evaluationId
        self.absRel = absRel
        self.sqRel = sqRel
        self.rmse = rmse
        self.rmseLog = rmseLog
        self.delta1 = delta1
        self.delta2 = delta2
        self.delta3 = delta3
    }
}
