import ArgumentParser
import Experiments
import Foundation
import Reports
import ResultsStore
import Training

/// `threeways report`: Markdown and HTML tables of a results database, with figure sheets.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write report.md, report.html and the figure sheets from a results database.",
        discussion: """
        The report opens with one sentence per paper claim saying what the database \
        shows: the mean paired difference over seeds (runs paired by subset size and \
        seed), its 95% Student-t interval and the verdict (confirmed: interval above 0; \
        contradicted: below 0; inconclusive: contains 0, or one seed), the published \
        effect beside it and the seeds a paired t-test would need to detect it. Then the \
        claims table with a forest plot, and for every experiment: mean IoU by variant in \
        the paper's order (mean ± sample standard deviation over seeds, seed count in \
        parentheses) with the published number beside it, a bar chart with 95% intervals \
        and every seed as a dot, per-class IoU, depth metrics and timings, from the newest \
        finished run of each configuration, seed and subset. Published numbers come from \
        CONFIGS/published.yml. With --profile (and the dataset at --root), the figure \
        sheets are drawn too: a qualitative grid per experiment comparing its variants on \
        the same validation images, training curves, and depth abs_rel over steps against \
        the constant-depth predictor; without the dataset, the sheets are skipped. The \
        HTML embeds every PNG in the folder. Numbers are SynthCity results unless the runs \
        used a real Cityscapes copy. The database is only read: a missing or non-SQLite \
        path is an error and nothing is written.
        """)

    @Option(help: "The results database (SQLite; only read).")
    var db: String

    @Option(help: "Output folder, e.g. reports/quick.")
    var out: String

    @Option(help: "Only runs of this profile; needed for the figure sheets.")
    var profile: Profile?

    @OptionGroup var configs: ConfigsOptions

    // Not DataOptions: a missing default tree only leaves the figure sheets out.
    @Option(help: "The dataset the runs used (default: where `reproduce` puts the profile's SynthCity).")
    var root: String?

    @Flag(help: "Also write OUT/results.sqlite: a single-file copy of the database (no WAL files), to commit beside the report.")
    var copyStore = false

    func run() throws {
        // Opened before anything is written: a mistyped path creates nothing.
        let store = try ResultsStore.openExisting(path: db)
        let registry = try configs.registry()
        if let profile {
            let dataRoot = root ?? Reproduction.defaultDataRoot(for: profile)
            if root != nil { try DataOptions.requireDataset(at: dataRoot, hint: " (--root)") }
            let sheets = FileManager.default.fileExists(atPath: dataRoot)
            if !sheets {
                print("no dataset at \(dataRoot): drawing the tables and statistical figures only (pass --root for the figure sheets)")
            }
            let files = try ReportWriter(store: store, registry: registry, dataRoot: sheets ? dataRoot : nil)
                .write(profile: profile, to: out)
            print("wrote \(files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")) in \(out)")
        } else {
            try ResultsReport.write(store: store, context: try registry.reportContext(profile: nil), to: out)
            print("wrote \(out)/report.md and \(out)/report.html (no figure sheets: give --profile for them)")
        }
        if copyStore {
            let copy = out + "/results.sqlite"
            guard URL(fileURLWithPath: copy).standardized.path != URL(fileURLWithPath: db).standardized.path else {
                throw ValidationError("--copy-store would overwrite the database it reads (\(db))")
            }
            try store.exportSingleFile(to: copy)
            print("wrote \(copy)")
        }
    }
}
