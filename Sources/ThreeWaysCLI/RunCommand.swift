import ArgumentParser
import Experiments
import Foundation
import ResultsStore

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
        on. Transfer and DepthMix variants first run (or reuse) the depth pretraining of \
        the profile (or the depth variant their `pretraining:` names, e.g. fd0), and \
        selected-labels variants their label selection. A profile's `allLabels: true` \
        adds the all-labels column beside its subset sizes (`allLabelsSeeds` gives it its \
        own seeds); its `ladder: {multipliers: [0.5, 2], variants: [scratch], seeds: [7]}` \
        reruns variants at multiples of the schedule (scratch_x0_5, scratch_x2: the \
        report's scale ladder). --seeds replaces every seed list. Several processes may \
        share one database and runs folder: each run's folder is locked while it trains. \
        Exit status 1 when any run failed.
        """)

    @Option(help: "The experiment id (e.g. depth, 210).")
    var experiment: String

    @OptionGroup var preset: ProfileOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var configs: ConfigsOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var seeds: SeedOptions
    @OptionGroup var retry: RetryOptions
    @OptionGroup var carried: CarriedStoreOptions

    func run() throws {
        let profile = preset.profile
        let registry = try configs.registry()
        let results = try ResultsStore(path: store.databasePath)
        let dataRoot = try data.existingDataRoot(profile: profile)
        let runner = try ExperimentRunner(dataRoot: dataRoot, runsFolder: store.runs, store: results, registry: registry,
                                          observer: ProgressBarObserver())
        runner.retryFailed = retry.retryFailed
        runner.finishedInStoreIsDone = carried.trustStore
        let outcomes = try runner.run(experiment: experiment, profile: profile, seeds: try seeds.parsedSeeds())
        try GridSummaryPrinter.print(outcomes, store: results)
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
