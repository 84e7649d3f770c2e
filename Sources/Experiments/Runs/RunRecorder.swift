import CityscapesData
import Evaluation
import Foundation
import ResultsStore
import Training

/// Writes what one run produces into the results store under its run id:
/// evaluations (segmentation scores with per-class IoU, depth metrics), logged losses,
/// phase timings and artifacts. Every write is its own transaction, so a run killed at
/// any moment leaves complete rows only.
public struct RunRecorder {
    public let store: ResultsStore
    public let runId: Int64

    public init(store: ResultsStore, runId: Int64) {
        self.store = store
        self.runId = runId
    }

    /// Records segmentation scores at `step` (mIoU, pixel accuracy, one row per class),
    /// with depth errors in the same evaluation when given (multi-task runs).
    public func record(step: Int, scores: SegmentationScores, depth e: DepthErrors? = nil) throws {
        let classes = scores.classes.map {
            ClassIoU(evaluationId: 0, classId: Int($0.trainId), className: $0.name, iou: $0.iou)
        }
        try store.record(Evaluation(runId: runId, step: step, meanIoU: scores.meanIoU,
                                    pixelAccuracy: scores.pixelAccuracy), classIoUs: classes,
                         depth: e.map(Self.depthRecord))
    }

    /// Records depth errors at `step`.
    public func record(step: Int, depth e: DepthErrors) throws {
        try store.record(Evaluation(runId: runId, step: step, meanIoU: nil, pixelAccuracy: nil),
                         depth: Self.depthRecord(e))
    }

    static func depthRecord(_ e: DepthErrors) -> DepthMetricsRecord {
        DepthMetricsRecord(evaluationId: 0, absRel: e.absRel, sqRel: e.sqRel, rmse: e.rmse, rmseLog: e.rmseLog,
                           delta1: e.a1, delta2: e.a2, delta3: e.a3)
    }

    /// Records loss values at `step` of `phase`.
    public func record(phase: String, step: Int, losses: [(name: String, value: Float)]) throws {
        try store.record(losses: losses.map {
            LossRecord(runId: runId, phase: phase, step: step, name: $0.name, value: Double($0.value))
        })
    }

    /// Records the timing of a phase from its step clock.
    public func record(phase: String, wallSeconds: Double, clock: StepClock, batchSize: Int) throws {
        let median = clock.quantile(0.5)
        try store.record(Timing(runId: runId, phase: phase, wallSeconds: wallSeconds, medianStepSeconds: median,
                                p90StepSeconds: clock.quantile(0.9),
                                samplesPerSecond: median.map { $0 > 0 ? Double(batchSize) / $0 : 0 },
                                peakMemoryBytes: PeakMemory.residentBytes()))
    }

    /// Records a produced file.
    public func record(artifact path: String, kind: String) throws {
        try store.record(Artifact(runId: runId, kind: kind, path: path))
    }
}
