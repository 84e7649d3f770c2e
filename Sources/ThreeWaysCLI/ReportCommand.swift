import ArgumentParser
import Reports
import ResultsStore

/// `threeways report`: Markdown and HTML tables of a results database.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write report.md and report.html from a results database.",
        discussion: """
        For every experiment in the database: mean IoU by configuration and labelled-subset \
        size (mean ± sample standard deviation over seeds, seed count in parentheses), \
        per-class IoU, depth metrics and timings, from the newest finished run of each \
        configuration, seed and subset. PNG figures already in the output folder are \
        embedded. Numbers are SynthCity results unless the runs used a real Cityscapes copy.
        """)

    @Option(help: "The results database (SQLite).")
    var db: String

    @Option(help: "Output folder, e.g. reports/quick.")
    var out: String

    @Option(help: "Only runs of this profile (paper, standard, quick, smoke).")
    var profile: String?

    func run() throws {
        let store = try ResultsStore(path: db)
        try ResultsReport.write(store: store, profile: profile, to: out)
        print("wrote \(out)/report.md and \(out)/report.html")
    }
}
