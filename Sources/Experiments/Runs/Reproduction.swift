import Foundation
import Reports
import ResultsStore
import SynthCity
import Training

/// The whole pipeline at one profile: SynthCity (unless a tree is given), every
/// experiment of the registry in order (depth pretraining first), then the figure
/// sheets and the report. Everything is resumable: a second call skips what the store
/// has finished and resumes what was interrupted.
public struct Reproduction {
    public var profile: Profile
    public var registry: ExperimentRegistry
    /// The dataset tree; generated when `generateData` is set.
    public var dataRoot: String
    public var generateData: Bool
    public var runsFolder: String
    public var databasePath: String
    /// The report folder.
    public var reportFolder: String
    /// Replaces every experiment's seeds when set.
    public var seeds: [UInt64]?
    public var retryFailed = false
    /// A store carried without its network files: finished runs stay done
    /// (`ExperimentRunner.finishedInStoreIsDone`) and the figure sheets' runs get their
    /// networks rebuilt before the report (`ExperimentRunner.rebuildNetwork(of:)`).
    public var finishedInStoreIsDone = false

    public init(profile: Profile, registry: ExperimentRegistry, dataRoot: String, generateData: Bool,
                runsFolder: String, databasePath: String, reportFolder: String, seeds: [UInt64]? = nil) {
        self.profile = profile
        self.registry = registry
        self.dataRoot = dataRoot
        self.generateData = generateData
        self.runsFolder = runsFolder
        self.databasePath = databasePath
        self.reportFolder = reportFolder
        self.seeds = seeds
    }

    /// The SynthCity size of a profile: smoke and quick as named; standard and paper
    /// use the standard tree (the paper profile is meant for a real Cityscapes copy).
    public static func synthCityProfile(for profile: Profile) -> SynthCityProfile {
        switch profile {
        case .smoke: return .smoke
        case .quick: return .quick
        case .standard, .paper: return .standard
        }
    }

    /// Where `reproduce` puts the profile's SynthCity tree: data/synthcity for quick,
    /// data/synthcity-smoke and data/synthcity-standard otherwise.
    public static func defaultDataRoot(for profile: Profile) -> String {
        let synth = synthCityProfile(for: profile)
        return synth == .quick ? "data/synthcity" : "data/synthcity-\(synth.rawValue)"
    }

    /// The grid entries that did not finish, with their outcome.
    public struct Summary {
        public var outcomes: [(GridEntry, ExperimentRunner.Outcome)]
        public var failures: [(GridEntry, String)] {
            outcomes.compactMap { entry, outcome in
                if case .failed(_, let message) = outcome { return (entry, message) }
                if case .busy = outcome { return (entry, "running in another process") }
                return nil
            }
        }
        /// Files of the report (Markdown, HTML, figures).
        public var reportFiles: [String]
    }

    /// Runs everything; `progress(done, total)` follows data generation.
    public func run(observer: TrainingObserver, dataProgress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> Summary {
        if generateData {
            let settings = SynthCitySettings(profile: Self.synthCityProfile(for: profile), seed: 0)
            observer.log("SynthCity \(Self.synthCityProfile(for: profile).rawValue): \(settings.trainCount) train + "
                         + "\(settings.valCount) val at \(settings.width)x\(settings.height) in \(dataRoot)")
            let result = try SynthCityGenerator(settings: settings).generate(root: dataRoot) { done, total in
                dataProgress(done, total)
            }
            observer.log(result.reused ? "dataset present (settings hash \(result.settingsHash))"
                         : String(format: "dataset written in %.1f s", result.seconds))
        }
        let store = try ResultsStore(path: databasePath)
        let runner = try ExperimentRunner(dataRoot: dataRoot, runsFolder: runsFolder, store: store, registry: registry,
                                          observer: observer)
        runner.retryFailed = retryFailed
        runner.finishedInStoreIsDone = finishedInStoreIsDone
        var outcomes: [(GridEntry, ExperimentRunner.Outcome)] = []
        for experiment in registry.experimentIds {
            observer.log("== experiment \(experiment): \(try registry.definition(experiment).title)")
            outcomes += try runner.run(experiment: experiment, profile: profile, seeds: seeds)
        }
        if finishedInStoreIsDone { try rebuildFigureNetworks(runner: runner, store: store, observer: observer) }
        let files = try ReportWriter(store: store, registry: registry, dataRoot: dataRoot)
            .write(profile: profile, to: reportFolder)
        return Summary(outcomes: outcomes, reportFiles: files)
    }

    /// Rebuilds the missing networks of the runs the figure sheets draw (each variant's
    /// representative run); a run that cannot be rebuilt is logged and left out of its sheet.
    private func rebuildFigureNetworks(runner: ExperimentRunner, store: ResultsStore, observer: TrainingObserver) throws {
        let sheets = FigureSheets(store: store, dataRoot: dataRoot)
        for experiment in registry.experimentIds {
            for run in try sheets.representativeRuns(of: try registry.definition(experiment), profile: profile) {
                do {
                    _ = try runner.rebuildNetwork(of: run)
                } catch {
                    observer.log("\(run.experiment)/\(run.configName) seed=\(run.seed): network not rebuilt: \(error)")
                }
            }
        }
    }
}
