import ArgumentParser
import Experiments
import Foundation
import ResultsStore

/// Options shared by `run` and `reproduce`: where configs, data, runs and results live.
struct HarnessOptions: ParsableArguments {
    @Option(help: "Folder of experiment configurations (YAML).")
    var configs: String = "configs"

    @Option(help: "Folder of run checkpoints and final networks (one subfolder per run).")
    var runs: String = "runs"

    @Option(help: "The results database (SQLite; default: RUNS/results.sqlite).")
    var db: String?

    @Option(help: "Comma-separated seeds replacing the profile's (e.g. 42,43,44).")
    var seeds: String?

    @Flag(help: "Run again entries whose newest run failed (they are skipped by default).")
    var retryFailed = false

    var databasePath: String { db ?? runs + "/results.sqlite" }

    func parsedSeeds() throws -> [UInt64]? {
        guard let seeds else { return nil }
        let values = seeds.split(separator: ",").map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--seeds must be comma-separated non-negative integers (got '\(seeds)')")
        }
        return values.map { $0! }
    }
}

/// `threeways run`: one experiment's grid, recorded in the results store.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment's grid (variants x labelled-subset sizes x seeds) into the results store.",
        discussion: """
        Experiments are the YAML files in --configs (depth, 210, ...). Runs the store has \
        finished are skipped; interrupted ones resume from their newest checkpoint (what \
        they recorded after it is removed first, so nothing is stored twice); a run whose \
        loss turns NaN or explodes is stored as failed with the message and the grid goes \
        on. Transfer variants first run (or reuse) the depth pretraining of the profile. \
        Several processes may share one database and runs folder: each run's folder is \
        locked while it trains. Exit status 1 when any run failed.
        """)

    @Option(help: "The experiment id (e.g. depth, 210).")
    var experiment: String

    @Option(help: "smoke, quick, standard or paper.")
    var profile: String = "quick"

    @Option(help: "Root of the Cityscapes-layout tree (default: where `reproduce` puts the profile's SynthCity).")
    var root: String?

    @OptionGroup var harness: HarnessOptions

    func run() throws {
        let registry = try ExperimentRegistry(folder: harness.configs)
        let store = try ResultsStore(path: harness.databasePath)
        let observer = ProgressBarObserver()
        let dataRoot = root ?? Reproduction.defaultDataRoot(for: profile)
        guard FileManager.default.fileExists(atPath: dataRoot) else {
            throw ValidationError("no dataset at \(dataRoot): generate it (`threeways data generate --profile "
                                  + "\(Reproduction.synthCityProfile(for: profile).rawValue) --root \(dataRoot)`) or pass --root")
        }
        let runner = try ExperimentRunner(dataRoot: dataRoot, runsFolder: harness.runs, store: store, registry: registry,
                                          observer: observer)
        runner.retryFailed = harness.retryFailed
        let outcomes = try runner.run(experiment: experiment, profile: profile, seeds: try harness.parsedSeeds())
        try GridSummaryPrinter.print(outcomes, store: store)
        if outcomes.contains(where: { if case .failed = $0.1 { return true } else { return false } }) {
            throw ExitCode(1)
        }
    }
}

/// The grid's outcome as a table on standard output.
enum GridSummaryPrinter {
    static func print(_ outcomes: [(GridEntry, ExperimentRunner.Outcome)], store: ResultsStore) throws {
        let width = max(48, outcomes.map { $0.0.description.count }.max() ?? 0)
        Swift.print("\n" + "run".padding(toLength: width, withPad: " ", startingAt: 0) + " status        result")
        for (entry, outcome) in outcomes {
            let status: String, runId: Int64?
            switch outcome {
            case .done(let id): status = "done"; runId = id
            case .alreadyDone(let id): status = "already done"; runId = id
            case .failed(let id, _): status = "FAILED"; runId = id
            case .busy: status = "busy"; runId = nil
            }
            var result = ""
            if case .failed(_, let message) = outcome {
                result = message
            } else if let runId, let e = try store.evaluations(runId: runId).last {
                if let m = e.meanIoU {
                    result = String(format: "mIoU %.2f%% at step %d", m * 100, e.step)
                } else if let d = try store.depthMetrics(evaluationId: e.id!) {
                    result = String(format: "abs_rel %.4f at step %d", d.absRel, e.step)
                }
            }
            let name = entry.description.padding(toLength: width, withPad: " ", startingAt: 0)
            Swift.print("\(name) \(status.padding(toLength: 13, withPad: " ", startingAt: 0)) \(result)")
        }
    }
}
