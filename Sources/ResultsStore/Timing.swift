import GRDB

/// Timings of one phase of a run (e.g. "depth phase 1", "segmentation", "evaluation"),
/// in seconds, with the peak memory in bytes. Table `timing`.
public struct Timing: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "timing"
    public var runId: Int64
    public var phase: String
    /// Wall-clock seconds of the phase.
    public var wallSeconds: Double
    /// Median and 90th percentile of the training-step time, seconds.
    public var medianStepSeconds: Double?
    public var p90StepSeconds: Double?
    /// Training samples per second at the median step time.
    public var samplesPerSecond: Double?
    /// Peak resident memory of the process, bytes.
    public var peakMemoryBytes: Int64?

    /// The columns of table `timing`, for queries.
    public enum Columns {
        public static let runId = Column(snakeCase: CodingKeys.runId)
        public static let phase = Column(snakeCase: CodingKeys.phase)
        public static let wallSeconds = Column(snakeCase: CodingKeys.wallSeconds)
        public static let medianStepSeconds = Column(snakeCase: CodingKeys.medianStepSeconds)
        public static let p90StepSeconds = Column(snakeCase: CodingKeys.p90StepSeconds)
        public static let samplesPerSecond = Column(snakeCase: CodingKeys.samplesPerSecond)
        public static let peakMemoryBytes = Column(snakeCase: CodingKeys.peakMemoryBytes)
    }

    public init(runId: Int64, phase: String, wallSeconds: Double, medianStepSeconds: Double? = nil,
                p90StepSeconds: Double? = nil, samplesPerSecond: Double? = nil, peakMemoryBytes: Int64? = nil) {
        self.runId = runId
        self.phase = phase
        self.wallSeconds = wallSeconds
        self.medianStepSeconds = medianStepSeconds
        self.p90StepSeconds = p90StepSeconds
        self.samplesPerSecond = samplesPerSecond
        self.peakMemoryBytes = peakMemoryBytes
    }
}
