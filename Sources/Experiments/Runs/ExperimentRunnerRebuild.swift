import Foundation
import ResultsStore
import Training

/// Networks of runs the store has finished, trained again when the runs folder lacks
/// them: a store carried to another machine (or session) without its 5 MB network
/// files still draws its figure sheets. The retrained run records into a scratch store
/// and its final evaluation is compared with the stored one, which under the same seed,
/// configuration, thread count and instruction set is bit-identical.
extension ExperimentRunner {
    /// What rebuilding one run's network found.
    public struct Rebuild: Equatable, Sendable {
        /// The network file, now in the runs folder.
        public var networkFile: String
        /// Whether it had to be trained (false: the file was there).
        public var retrained: Bool
        /// The final evaluation's headline metric, stored and retrained (mIoU, or abs_rel
        /// for depth), nil when it was not retrained.
        public var stored: Double?
        public var rebuilt: Double?
        /// True when nothing was retrained or the retrained metric equals the stored bit for bit.
        public var matches: Bool { stored == rebuilt }
    }

    /// Makes sure the final network of the finished `run` exists in the runs folder,
    /// training it again (after what it starts from) when it does not; records the file
    /// as the run's artifact when its stored path differs. Throws when the run's
    /// configuration no longer matches the registry's (the network would be another one).
    public func rebuildNetwork(of run: Run) throws -> Rebuild {
        guard let runId = run.id, run.status == .done else {
            throw ExperimentError.invalidConfig(file: store.path, reason: "run \(run.id.map(String.init) ?? "?") "
                                                + "of \(run.experiment)/\(run.configName) has not finished")
        }
        let definition = try registry.definition(run.experiment)
        guard let profile = Profile(rawValue: run.profile) else {
            throw ExperimentError.unknownProfile(run.profile, known: Profile.allCases.map(\.rawValue))
        }
        let entry = GridEntry(experiment: run.experiment, variant: run.configName, profile: profile,
                              seed: UInt64(run.seed), subsetSize: run.subsetSize)
        try runDependencies(of: entry, definition: definition)
        let prepared = try prepare(entry, definition: definition)
        guard prepared.configHash == run.configHash, prepared.subsetIdentity == run.subsetIdentity else {
            throw ExperimentError.invalidConfig(file: definition.file, reason: "\(entry) was recorded with configuration "
                + "\(run.configHash.prefix(8)) but the registry now builds \(prepared.configHash.prefix(8)); its network "
                + "cannot be rebuilt")
        }
        var result = Rebuild(networkFile: prepared.finalFile, retrained: false, stored: nil, rebuilt: nil)
        if !FileManager.default.fileExists(atPath: prepared.finalFile) {
            observer.log("\(entry): network not in the runs folder; training it again (run \(runId))")
            let scratchFolder = NSTemporaryDirectory() + "threeways-rebuild-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: scratchFolder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: scratchFolder) }
            let scratch = try ResultsStore(path: scratchFolder + "/rebuild.sqlite")
            var copy = run
            copy.id = nil
            copy.status = .running
            copy.endedAt = nil
            let scratchRun = try scratch.insert(copy)
            try prepared.execute(RunRecorder(store: scratch, runId: scratchRun.id!))
            result.retrained = true
            result.stored = try Self.headline(store, runId: runId)
            result.rebuilt = try Self.headline(scratch, runId: scratchRun.id!)
            if result.matches {
                observer.log("\(entry): rebuilt; its final evaluation equals the stored one bit for bit")
            } else {
                observer.log("\(entry): WARNING rebuilt network scores \(result.rebuilt.map { "\($0)" } ?? "nothing") "
                             + "where the store has \(result.stored.map { "\($0)" } ?? "nothing") (another instruction "
                             + "set or thread count?); figures show the rebuilt network")
            }
        }
        if try FigureSheets(store: store, dataRoot: dataRoot).networkFile(of: run) != prepared.finalFile {
            try store.record(Artifact(runId: runId, kind: "checkpoint", path: prepared.finalFile))
        }
        return result
    }

    /// The final evaluation's mIoU, or abs_rel when it holds no segmentation scores.
    public static func headline(_ store: ResultsStore, runId: Int64) throws -> Double? {
        guard let last = try store.evaluations(runId: runId).max(by: { $0.step < $1.step }) else { return nil }
        if let miou = last.meanIoU { return miou }
        return try last.id.flatMap { try store.depthMetrics(evaluationId: $0) }?.absRel
    }
}
