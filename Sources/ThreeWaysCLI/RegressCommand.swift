import ArgumentParser
import Reports
import ResultsStore
import Training

/// `threeways regress`: compare the newest runs with a stored baseline.
struct RegressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract: "Compare the newest runs in a database with a stored baseline; exit 1 when a metric moved too far.",
        discussion: """
        The baseline is a JSON file (normally committed under reports/) holding, per run \
        (experiment, configuration, profile, seed, subset), the metrics of its last \
        evaluation and a tolerance per metric (mean_iou, pixel_accuracy, iou/<class>, \
        abs_rel, ...). Every baseline run must have a finished counterpart in the \
        database, and every metric must lie within its tolerance; the table lists what \
        moved (--only-stored-runs checks just the baseline runs the database has, \
        e.g. one experiment at one seed). --capture writes a new baseline from the database instead of checking; \
        its tolerances are the defaults (suited to a rerun on the same kind of machine) \
        unless --tolerance overrides them, e.g. for longer runs whose numerics drift \
        like a change of seed: --tolerance mean_iou=0.03 --tolerance 'iou/*=0.1'.
        """)

    @Option(help: "The results database (SQLite; only read: a missing or non-SQLite path is an error).")
    var db: String

    @Option(help: "The baseline file (JSON).")
    var baseline: String

    @Flag(help: "Write the baseline from the newest finished runs instead of checking against it.")
    var capture = false

    @Option(help: "With --capture: only runs of this profile.")
    var profile: Profile?

    @Option(help: "With --capture: a tolerance NAME=VALUE replacing the default (repeatable; NAME is a metric, 'iou/*' or 'default').")
    var tolerance: [String] = []

    @Flag(help: "Check only the baseline runs that the database has (e.g. one experiment at one seed); by default a missing run fails.")
    var onlyStoredRuns = false

    @Flag(help: "List every compared metric, not only those that moved.")
    var verbose = false

    func run() throws {
        let store = try ResultsStore.openExisting(path: db)
        if capture {
            let captured = try RegressionBaseline.capture(from: store, profile: profile?.rawValue,
                                                         tolerances: try RegressionBaseline.tolerances(overriding: tolerance))
            try captured.write(baseline)
            print("wrote \(baseline) with \(captured.entries.count) runs")
            return
        }
        guard tolerance.isEmpty else {
            throw ValidationError("--tolerance applies to --capture; a check uses the baseline's own tolerances")
        }
        let check = try RegressionCheck(store: store, baseline: try RegressionBaseline.read(baseline),
                                        onlyStoredRuns: onlyStoredRuns)
        if onlyStoredRuns && check.lines.isEmpty {
            throw ValidationError("none of the baseline's runs is in \(db): nothing to check")
        }
        print(check.table(verbose: verbose))
        if !check.passed { throw ExitCode(1) }
    }
}
