import ArgumentParser
import Experiments
import Foundation
import ResultsStore

/// `threeways reproduce`: data, every experiment, figures and the report at one profile.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "The whole pipeline: SynthCity, depth pretraining, every experiment, figure sheets, report.",
        discussion: """
        Generates SynthCity for the profile (smoke and quick as named, standard and paper: \
        the standard tree) unless --root names an existing tree (e.g. a real Cityscapes \
        copy from `data prepare-cityscapes`), runs every experiment in --configs in order \
        (as `threeways run` would, resumable and skipping finished runs), then writes \
        OUT/report.md, OUT/report.html and the figure sheets. The quick profile takes \
        about 25 minutes on 2 cores (at most 30). Exit status 1 when any run failed (the report is \
        still written).
        """)

    @OptionGroup var preset: ProfileOptions

    // Not DataOptions: without --root the profile's SynthCity is generated, not required.
    @Option(help: "An existing Cityscapes-layout tree to use instead of generating SynthCity.")
    var root: String?

    @Option(help: "Report folder (default: reports/PROFILE).")
    var out: String?

    @OptionGroup var configs: ConfigsOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var seeds: SeedOptions
    @OptionGroup var retry: RetryOptions
    @OptionGroup var carried: CarriedStoreOptions

    func run() throws {
        let profile = preset.profile
        var reproduction = Reproduction(
            profile: profile, registry: try configs.registry(),
            dataRoot: root ?? Reproduction.defaultDataRoot(for: profile),
            generateData: root == nil, runsFolder: store.runs, databasePath: store.databasePath,
            reportFolder: out ?? "reports/\(profile.rawValue)", seeds: try seeds.parsedSeeds())
        reproduction.retryFailed = retry.retryFailed
        reproduction.finishedInStoreIsDone = carried.trustStore
        let observer = ProgressBarObserver()
        let data = DataBar()
        let summary = try reproduction.run(observer: observer) { done, total in data.update(done, total) }
        try GridSummaryPrinter.print(summary.outcomes, store: try ResultsStore(path: store.databasePath))
        print("\nreport: \(reproduction.reportFolder)/report.md, \(reproduction.reportFolder)/report.html")
        if !summary.failures.isEmpty {
            print("\(summary.failures.count) run(s) failed; see the table above and the report")
            throw ExitCode(1)
        }
    }
}

/// A progress bar for data generation, created at the first report of the total.
final class DataBar: @unchecked Sendable {
    private var bar: ProgressBar?
    private let lock = NSLock()

    func update(_ done: Int, _ total: Int) {
        lock.lock()
        defer { lock.unlock() }
        if bar == nil { bar = ProgressBar(label: "rendering SynthCity", total: total) }
        bar?.update(done: done)
        if done == total { bar?.finish(done: total) }
    }
}
