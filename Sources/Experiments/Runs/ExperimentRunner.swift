import DataPipeline
import DataSelection
import Foundation
import ResultsStore
import TensorEngine
import Training

/// Runs experiment grids into a runs folder and a results store: expands the grid,
/// skips runs the store has finished, resumes interrupted ones from their checkpoints
/// (removing what they recorded after the checkpoint first, so nothing is recorded
/// twice), records every evaluation, loss log, timing and artifact, and keeps going
/// when a run fails (NaN or exploding loss, bad data): that run is stored as failed
/// with the message.
///
/// Two runners may share a store and a runs folder: a run's folder is locked while it
/// trains (`RunLock`), and the other runner skips it.
public final class ExperimentRunner {
    /// The Cityscapes-layout tree.
    public let dataRoot: String
    /// Where runs keep checkpoints and final networks (one folder per grid entry).
    public let runsFolder: String
    public let store: ResultsStore
    public let registry: ExperimentRegistry
    public let observer: TrainingObserver
    public let environment: RunEnvironment
    /// Run again entries whose newest run failed (default: skip them; failures are
    /// deterministic under a seed).
    public var retryFailed = false
    /// The dataset's identity in run records.
    public let datasetHash: String
    /// When set, `depthWeights` never trains or records the depth pretraining: it takes
    /// the finished network from the shared runs folder (a cluster task, whose own
    /// shard holds no depth run; the grid's depth stage trained it) and fails when the
    /// file is missing.
    public var depthFromRunsFolderOnly = false
    /// When set, a run the store has finished counts as done even when its final network
    /// is missing from the runs folder: the store was carried from another machine or
    /// session without its network files. Depth pretrainings are the exception, as later
    /// runs start from their network: a missing one is trained again in place (the same
    /// bits under the same seed, thread count and instruction set). `rebuildNetwork(of:)`
    /// brings back any other run's network.
    public var finishedInStoreIsDone = false

    public init(dataRoot: String, runsFolder: String, store: ResultsStore, registry: ExperimentRegistry,
                observer: TrainingObserver, environment: RunEnvironment = .current()) throws {
        self.dataRoot = dataRoot
        self.runsFolder = runsFolder
        self.store = store
        self.registry = registry
        self.observer = observer
        self.environment = environment
        datasetHash = try DatasetIdentity.hash(root: dataRoot)
    }

    /// What happened to one grid entry.
    public enum Outcome: Equatable, Sendable {
        /// Trained (or resumed) to the end in this call.
        case done(runId: Int64)
        /// Already finished in the store.
        case alreadyDone(runId: Int64)
        /// Failed now or before (then skipped); the message says why.
        case failed(runId: Int64?, message: String)
        /// Another process holds the run's lock.
        case busy
    }

    /// Runs (or skips) every entry of `experiment`'s grid at `profile`, in order.
    public func run(experiment: String, profile: Profile, seeds: [UInt64]? = nil) throws -> [(GridEntry, Outcome)] {
        let definition = try registry.definition(experiment)
        return try GridEntry.grid(of: definition, profile: profile, seeds: seeds).map { entry in
            (entry, try run(entry, definition: definition))
        }
    }

    /// A job's configuration identity and how to run it.
    struct Prepared {
        var configJSON: String
        var configHash: String
        var subsetIdentity: String
        var checkpointStep: () throws -> Int
        var finalFile: String
        var execute: (RunRecorder) throws -> Void
    }

    /// Runs one entry unless the store has it finished, after what it starts from (the
    /// profile's depth pretraining, its label selection). When another process trains
    /// it, returns `.busy`, or with `waitForLock` waits for that process first.
    public func run(_ entry: GridEntry, definition: ExperimentDefinition, waitForLock: Bool = false) throws -> Outcome {
        do {
            try runDependencies(of: entry, definition: definition)
        } catch {
            observer.log("\(entry): cannot start: \(error)")
            return .failed(runId: nil, message: "\(error)")
        }
        return try execute(entry, definition: definition, waitForLock: waitForLock)
    }

    /// Trains what `entry` starts from, in order: the profile's depth pretraining (for
    /// transfer variants and label selections, whose teacher it is), then the label
    /// selection of a selected-labels variant. Each is a run or job of its own; none of
    /// them has dependencies beyond these, so nothing recurses.
    func runDependencies(of entry: GridEntry, definition: ExperimentDefinition) throws {
        guard definition.kind != .depthPretraining,
              let variant = definition.variants.first(where: { $0.name == entry.variant }) else { return }
        let selection = variant.labels?.selection
        if let pretraining = try definition.depthPretraining(of: variant, profile: entry.profile) {
            _ = try depthWeights(profile: entry.profile, variant: pretraining)
        }
        if selection != nil { _ = try depthWeights(profile: entry.profile) }
        if let method = selection, let size = entry.subsetSize {
            _ = try self.selection(method: method, profile: entry.profile, seed: entry.seed, size: size)
        }
    }

    /// Runs one entry whose dependencies have finished, unless the store has it finished.
    private func execute(_ entry: GridEntry, definition: ExperimentDefinition, waitForLock: Bool) throws -> Outcome {
        let prepared: Prepared
        do {
            prepared = try prepare(entry, definition: definition)
        } catch {
            observer.log("\(entry): cannot start: \(error)")
            return .failed(runId: nil, message: "\(error)")
        }
        let folder = folderPath(entry, hash: prepared.configHash)
        guard let lock = try RunLock(folder: folder, wait: waitForLock) else {
            observer.log("\(entry): running in another process; skipped")
            return .busy
        }
        defer { withExtendedLifetime(lock) {} }
        let key = RunKey(experiment: entry.experiment, configName: entry.variant, profile: entry.profile.rawValue,
                         seed: Int(entry.seed), subsetIdentity: prepared.subsetIdentity,
                         configHash: prepared.configHash, datasetHash: datasetHash)
        var runId: Int64
        if let existing = try store.latestRun(key: key), let id = existing.id {
            switch existing.status {
            case .done where FileManager.default.fileExists(atPath: prepared.finalFile):
                return .alreadyDone(runId: id)
            case .done where finishedInStoreIsDone && definition.kind != .depthPretraining:
                return .alreadyDone(runId: id)
            case .failed where !retryFailed:
                observer.log("\(entry): failed before (\(existing.message ?? "no message")); skipped (retry with --retry-failed)")
                return .failed(runId: id, message: existing.message ?? "failed")
            default:
                let step = try prepared.checkpointStep()
                try store.resume(runId: id, after: step)
                observer.log("\(entry): resuming run \(id) from step \(step)")
                runId = id
            }
        } else {
            let run = try store.insert(Run(
                experiment: entry.experiment, configName: entry.variant, profile: entry.profile.rawValue, seed: Int(entry.seed),
                subsetSize: entry.subsetSize, subsetIdentity: prepared.subsetIdentity, configJSON: prepared.configJSON,
                configHash: prepared.configHash, datasetHash: datasetHash, codeCommit: environment.commit,
                codeDirty: environment.dirty, threads: Parallel.threads, machine: environment.machine,
                startedAt: Date()))
            runId = run.id!
            observer.log("\(entry): run \(runId) started in \(folder)")
        }
        do {
            try prepared.execute(RunRecorder(store: store, runId: runId))
            try store.finish(runId: runId, status: .done)
            return .done(runId: runId)
        } catch {
            let message = "\(error)"
            try store.finish(runId: runId, status: .failed, message: message)
            observer.log("\(entry): FAILED: \(message)")
            return .failed(runId: runId, message: message)
        }
    }

    /// Builds the job of `entry` with its configuration identity. What it starts from
    /// must have finished (`runDependencies`); it is looked up, never trained, here.
    func prepare(_ entry: GridEntry, definition: ExperimentDefinition) throws -> Prepared {
        let profile = try definition.settings(profile: entry.profile)
        let observer = self.observer
        switch definition.kind {
        case .depthPretraining:
            let settings = try definition.depthSettings(profile: entry.profile, variant: entry.variant)
            var job = try DepthPretrainingJob(dataRoot: dataRoot, settings: settings, seed: entry.seed, folder: "")
            job.folder = folderPath(entry, hash: job.configurationHash)
            let frozen = job
            return Prepared(configJSON: try ConfigurationHash.json(job.identity), configHash: job.configurationHash,
                            subsetIdentity: "unlabelled", checkpointStep: { try frozen.checkpointStep() },
                            finalFile: job.finalWeights, execute: { try frozen.run(observer: observer, recorder: $0) })
        case .segmentation, .dataSelection:
            let settings = try definition.segmentationSettings(profile: entry.profile, variant: entry.variant)
            guard let variant = definition.variants.first(where: { $0.name == entry.variant }) else {
                throw ExperimentError.invalidConfig(file: definition.file, reason: "no variant '\(entry.variant)'")
            }
            let initialization: SegmentationInitialization
            var pseudoDepth: String? = nil
            let pretraining = try definition.depthPretraining(of: variant, profile: entry.profile)
            if variant.`init` == "depth", let pretraining {
                initialization = .depth(path: try finishedDepthWeights(profile: entry.profile, variant: pretraining))
            } else {
                initialization = .scratch
                // A scratch run whose DepthMix mixes by a depth pretraining's cached depth.
                pseudoDepth = try pretraining.map { try finishedDepthWeights(profile: entry.profile, variant: $0) }
            }
            var subset = entry.subsetSize.map { LabelledSubset.random(count: $0, seed: entry.seed) } ?? .all
            var selectionName: String? = nil
            if let method = variant.labels?.selection {
                guard let size = entry.subsetSize else {
                    throw ExperimentError.invalidConfig(file: definition.file, reason: "variant '\(variant.name)' trains on "
                                                        + "selected labels and needs subset sizes at \(entry.profile)")
                }
                let job = try selectionJob(method: method, profile: entry.profile, seed: entry.seed,
                                           teacherWeights: try finishedDepthWeights(profile: entry.profile))
                let chosen = try selection(job, method: method, profile: entry.profile, seed: entry.seed, size: size)
                subset = .named(chosen.file.names, source: chosen.path)
                selectionName = "selection:\(method):seed\(entry.seed):\(chosen.file.configHash.prefix(8)):"
            }
            var job = try SegmentationJob(dataRoot: dataRoot, settings: settings, seed: entry.seed, subset: subset,
                                          initialization: initialization, pseudoDepth: pseudoDepth, folder: "")
            job.folder = folderPath(entry, hash: job.configurationHash)
            let frozen = job
            return Prepared(configJSON: try ConfigurationHash.json(job.identity), configHash: job.configurationHash,
                            subsetIdentity: (selectionName ?? "") + SegmentationJob.identity(of: subset),
                            checkpointStep: { try frozen.checkpointStep() }, finalFile: job.finalWeights,
                            execute: { try frozen.run(observer: observer, recorder: $0) })
        }
    }

    /// The selection job of `method` and `seed` at `profile`, as the registry's
    /// data-selection experiment defines it, with the depth pretraining of the profile as
    /// its teacher (trained first when missing).
    public func selectionJob(method: String, profile: Profile, seed: UInt64) throws -> SelectionJob {
        try selectionJob(method: method, profile: profile, seed: seed, teacherWeights: try depthWeights(profile: profile))
    }

    /// The selection job of `method` and `seed` at `profile` with the teacher `teacherWeights`.
    private func selectionJob(method: String, profile: Profile, seed: UInt64, teacherWeights: String) throws -> SelectionJob {
        let found = registry.definitions.values.filter { $0.kind == .dataSelection }
        guard found.count == 1, let definition = found.first else {
            throw ExperimentError.invalidConfig(file: registry.folder, reason: found.isEmpty
                ? "no experiment of kind data-selection (selected-labels variants need one)"
                : "several data-selection experiments: \(found.map(\.file).sorted().joined(separator: ", "))")
        }
        guard let selectionMethod = SelectionMethod(rawValue: method) else {
            throw ExperimentError.invalidConfig(file: definition.file, reason: "unknown selection method '\(method)' "
                + "(known: \(SelectionMethod.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let settings = try definition.settings(profile: profile).selection else {
            throw ExperimentError.invalidConfig(file: definition.file, reason: "profile \(profile) has no selection settings")
        }
        var job = try SelectionJob(dataRoot: dataRoot, method: selectionMethod, seed: seed, profile: profile,
                                   settings: settings, teacherWeights: teacherWeights, folder: "")
        job.folder = runsFolder + "/\(profile)/\(definition.experiment)/selection-\(method)-seed\(seed)-"
            + job.configurationHash.prefix(8)
        return job
    }

    /// The selection of `size` samples (made first when missing, waiting for another
    /// process making it), recorded in the store with the smaller ones.
    public func selection(method: String, profile: Profile, seed: UInt64, size: Int) throws
        -> (file: SelectionFile, path: String) {
        let job: SelectionJob
        do {
            job = try selectionJob(method: method, profile: profile, seed: seed)
        } catch {
            throw ExperimentError.selectionFailed("\(method) seed \(seed) n=\(size) (\(profile))", message: "\(error)")
        }
        return try selection(job, method: method, profile: profile, seed: seed, size: size)
    }

    /// The selection of `size` samples by `job` (made when missing), recorded in the store.
    private func selection(_ job: SelectionJob, method: String, profile: Profile, seed: UInt64, size: Int) throws
        -> (file: SelectionFile, path: String) {
        let files: [SelectionFile]
        do {
            files = try job.run(upTo: size, observer: observer)
        } catch {
            throw ExperimentError.selectionFailed("\(method) seed \(seed) n=\(size) (\(profile))", message: "\(error)")
        }
        try record(files, of: job)
        return (files.last!, job.file(size: size))
    }

    /// One data selection on its own (`threeways select-labels`): the job of `method` and
    /// `seed` at `profile` (its teacher trained first when missing), run up to `size`
    /// (default: the schedule's last), its files recorded in the store and, with
    /// `folder`, also written there as nSIZE.json. Steps already written are reused.
    public func selectLabels(method: String, profile: Profile, seed: UInt64, upTo size: Int? = nil,
                             copyTo folder: String? = nil) throws -> (job: SelectionJob, files: [SelectionFile]) {
        let job = try selectionJob(method: method, profile: profile, seed: seed)
        let files = try job.run(upTo: size ?? job.schedule.sizes.last!, observer: observer)
        try record(files, of: job)
        if let folder {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for f in files { try f.write(to: folder + "/n\(f.size).json") }
        }
        return (job, files)
    }

    /// Records selection files in the store (once each).
    public func record(_ files: [SelectionFile], of job: SelectionJob) throws {
        let experiment = registry.definitions.values.first { $0.kind == .dataSelection }?.experiment ?? "211"
        for f in files {
            try store.record(SelectionRecord(experiment: experiment, method: f.method, profile: f.profile,
                                             seed: Int(f.seed), configHash: f.configHash, datasetHash: f.datasetHash,
                                             names: f.names, path: job.file(size: f.size)))
        }
    }

    /// The folder of an entry's run: RUNS/{profile}/{experiment}/{variant}/n{size}-seed{seed}-{hash8}.
    func folderPath(_ entry: GridEntry, hash: String) -> String {
        runsFolder + "/" + entry.folderName + "-" + hash.prefix(8)
    }

    /// The entry of the depth pretraining `variant` at `profile` (its first seed) and
    /// its definition; throws naming the file when that variant does not run there.
    func depthEntry(profile: Profile, variant: String = ExperimentDefinition.defaultDepthVariant) throws
        -> (GridEntry, ExperimentDefinition) {
        let definition = try registry.depthPretraining()
        guard let seed = try definition.settings(profile: profile).seeds.first else {
            throw ExperimentError.invalidConfig(file: definition.file, reason: "profile \(profile) has no seeds")
        }
        if variant != ExperimentDefinition.defaultDepthVariant {
            guard let v = definition.variants.first(where: { $0.name == variant }), v.runs(at: profile) else {
                throw ExperimentError.invalidConfig(file: definition.file, reason: "no depth-pretraining variant "
                                                    + "'\(variant)' at profile \(profile) (a variant's `pretraining:` names one)")
            }
        }
        return (GridEntry(experiment: definition.experiment, variant: variant, profile: profile, seed: seed,
                          subsetSize: nil), definition)
    }

    /// The final depth network of `profile`'s depth pretraining `variant` (its first
    /// seed; default the profile's own run), trained first when the store has no
    /// finished run (waiting for another process training it); throws when it failed.
    /// With `depthFromRunsFolderOnly` it is only looked up.
    public func depthWeights(profile: Profile, variant: String = ExperimentDefinition.defaultDepthVariant) throws -> String {
        guard !depthFromRunsFolderOnly else { return try finishedDepthWeights(profile: profile, variant: variant) }
        let (entry, definition) = try depthEntry(profile: profile, variant: variant)
        switch try execute(entry, definition: definition, waitForLock: true) {
        case .done, .alreadyDone:
            return try finishedDepthWeights(profile: profile, variant: variant)
        case .failed(_, let message):
            throw ExperimentError.dependencyFailed(entry.description, message: message)
        case .busy:
            throw ExperimentError.dependencyFailed(entry.description, message: "it is running in another process")
        }
    }

    /// The final depth network of `profile`'s depth pretraining `variant`, which must exist.
    private func finishedDepthWeights(profile: Profile, variant: String = ExperimentDefinition.defaultDepthVariant) throws
        -> String {
        let (entry, definition) = try depthEntry(profile: profile, variant: variant)
        let file = try prepare(entry, definition: definition).finalFile
        guard FileManager.default.fileExists(atPath: file) else {
            throw ExperimentError.dependencyFailed(entry.description, message: "\(file) does not exist (run the depth stage first)")
        }
        return file
    }
}
