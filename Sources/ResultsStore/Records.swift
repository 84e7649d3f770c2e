import Foundation
import GRDB

/// Records whose Swift properties (camelCase) are stored in snake_case columns:
/// `configJSON` in `config_json`, `meanIoU` in `mean_iou`.
public protocol SnakeCaseColumns {}

extension FetchableRecord where Self: SnakeCaseColumns {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy {
        .custom { ColumnName.property(of: $0) }
    }
}

extension EncodableRecord where Self: SnakeCaseColumns {
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy {
        .custom { ColumnName.column(of: $0.stringValue) }
    }
}

/// The mapping between property names and column names, acronyms included.
enum ColumnName {
    private static let acronyms = [("IoU", "Iou"), ("JSON", "Json")]

    /// "meanIoU" -> "mean_iou", "configJSON" -> "config_json", "runId" -> "run_id".
    static func column(of property: String) -> String {
        var name = property
        for (acronym, word) in acronyms { name = name.replacingOccurrences(of: acronym, with: word) }
        var out = ""
        for c in name {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// The inverse of `column(of:)`.
    static func property(of column: String) -> CodingKey {
        var out = "", upper = false
        for c in column {
            if c == "_" { upper = true; continue }
            out += upper ? c.uppercased() : String(c)
            upper = false
        }
        for (acronym, word) in acronyms { out = out.replacingOccurrences(of: word, with: acronym) }
        return PropertyKey(stringValue: out)
    }

    private struct PropertyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// The state of a run.
public enum RunStatus: String, Codable, Sendable, DatabaseValueConvertible {
    /// Started and not finished (or killed: a later start resumes it).
    case running
    /// Finished; its evaluations are final.
    case done
    /// Stopped by an error; `message` says which.
    case failed
}

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
    public var threads: Int
    /// Free text: CPU model, cores, memory, OS.
    public var machine: String
    public var startedAt: Date
    public var endedAt: Date?
    public var status: RunStatus
    /// The error of a failed run.
    public var message: String?

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

/// The identity of a run across invocations.
public struct RunKey: Hashable, Sendable {
    public var experiment: String
    public var configName: String
    public var profile: String
    public var seed: Int
    public var subsetIdentity: String
    public var configHash: String
    public var datasetHash: String

    public init(experiment: String, configName: String, profile: String, seed: Int, subsetIdentity: String,
                configHash: String, datasetHash: String) {
        self.experiment = experiment
        self.configName = configName
        self.profile = profile
        self.seed = seed
        self.subsetIdentity = subsetIdentity
        self.configHash = configHash
        self.datasetHash = datasetHash
    }
}

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

/// The IoU of one class in one evaluation (nil: the class occurs in neither ground
/// truth nor prediction). Table `class_iou`.
public struct ClassIoU: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "class_iou"
    public var evaluationId: Int64
    /// Train id 0...18 and the Cityscapes class name.
    public var classId: Int
    public var className: String
    public var iou: Double?

    public init(evaluationId: Int64, classId: Int, className: String, iou: Double?) {
        self.evaluationId = evaluationId
        self.classId = classId
        self.className = className
        self.iou = iou
    }
}

/// Depth metrics of one evaluation (monodepth2 convention, per-image median scaling).
/// Table `depth_metrics`.
public struct DepthMetricsRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "depth_metrics"
    public var evaluationId: Int64
    public var absRel: Double
    public var sqRel: Double
    public var rmse: Double
    public var rmseLog: Double
    /// Fractions of pixels with max(pred/gt, gt/pred) below 1.25, 1.25^2, 1.25^3.
    public var delta1: Double
    public var delta2: Double
    public var delta3: Double

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

/// Timings of one phase of a run (e.g. "depth phase 1", "segmentation", "evaluation").
/// Table `timing`.
public struct Timing: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "timing"
    public var runId: Int64
    public var phase: String
    /// Wall-clock seconds of the phase.
    public var wallSeconds: Double
    /// Median and 90th percentile of the training-step time, seconds.
    public var medianStepSeconds: Double?
    public var p90StepSeconds: Double?
    public var samplesPerSecond: Double?
    /// Peak resident memory of the process, bytes.
    public var peakMemoryBytes: Int64?

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

/// A file a run produced (checkpoint, figure, selection list). Table `artifact`.
public struct Artifact: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, SnakeCaseColumns {
    public static let databaseTableName = "artifact"
    public var runId: Int64
    /// "checkpoint", "figure", "selection", ...
    public var kind: String
    public var path: String

    public init(runId: Int64, kind: String, path: String) {
        self.runId = runId
        self.kind = kind
        self.path = path
    }
}

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

    public init(runId: Int64, phase: String, step: Int, name: String, value: Double) {
        self.runId = runId
        self.phase = phase
        self.step = step
        self.name = name
        self.value = value
    }
}
