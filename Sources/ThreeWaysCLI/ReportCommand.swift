import ArgumentParser
import Experiments
import Foundation
import Reports
import ResultsStore

/// `threeways report`: Markdown and HTML tables of a results database, with figure sheets.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write report.md, report.html and the figure sheets from a results database.",
        discussion: """
        For every experiment in the database: mean IoU by configuration and labelled-subset \
        size (mean ± sample standard deviation over seeds, seed count in parentheses), \
        per-class IoU, depth metrics and timings, from the newest finished run of each \
        configuration, seed and subset. With --profile (and the dataset at --root), the \
        figure sheets are drawn first: a qualitative grid per experiment comparing its \
        variants on the same validation images, and training curves. The HTML embeds every \
        PNG in the folder. Numbers are SynthCity results unless the runs used a real \
        Cityscapes copy.
        """)

    @Option(help: "The results database (SQLite).")
    var db: String

    @Option(help: "Output folder, e.g. reports/quick.")
    var out: String

    @Option(help: "Only runs of this profile (paper, standard, quick, smoke); needed for the figure sheets.")
    var profile: String?

    @Option(help: "Folder of experiment configurations (for the figure sheets).")
    var configs: String = "configs"

    @Option(help: "The dataset the runs used (default: where `reproduce` puts the profile's SynthCity).")
    var root: String?

    func run() throws {
        let store = try ResultsStore(path: db)
        if let profile {
            let dataRoot = root ?? Reproduction.defaultDataRoot(for: profile)
            guard FileManager.default.fileExists(atPath: dataRoot) else {
                throw ValidationError("no dataset at \(dataRoot) for the figure sheets; pass --root")
            }
            let files = try ReportWriter(store: store, registry: try ExperimentRegistry(folder: configs), dataRoot: dataRoot)
                .write(profile: profile, to: out)
            print("wrote \(files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")) in \(out)")
        } else {
            try ResultsReport.write(store: store, profile: nil, to: out)
            print("wrote \(out)/report.md and \(out)/report.html (tables only: give --profile for the figure sheets)")
        }
    }
}
