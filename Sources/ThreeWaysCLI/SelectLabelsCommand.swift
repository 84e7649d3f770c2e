import ArgumentParser
import DataSelection
import Experiments
import Foundation
import ResultsStore

/// `threeways select-labels`: one data-selection run (experiment 211) for a method and seed.
struct SelectLabelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select-labels",
        abstract: "Choose the training images to label (data selection for annotation, experiment 211).",
        discussion: """
        Follows the label schedule (the paper's 25, 50, 100, 200, 372, 744 of 2975 images, \
        the same fractions of the tree's training set): at each step the method adds \
        samples; for ent, us and ds_us a student is first trained from scratch on the \
        selection so far (us, ds_us: BerHu to the depth teacher's pseudo-depth; ent: \
        cross-entropy on the labels) and scores every training image. Methods: random \
        (seeded order), ent (segmentation entropy), ds (farthest points in the depth \
        teacher's features), us (depth error 'abs_log'), ds_us (farthest points with the \
        depth error as a distance bias). The depth teacher is the profile's depth \
        pretraining (run first when missing); the settings come from the data-selection \
        experiment in --configs (configs/211.yml, `selection:`).

        Writes one JSON file per subset size (sample names in selection order, method, \
        seed, profile, configuration and dataset hashes) to \
        RUNS/PROFILE/211/selection-METHOD-seedSEED-HASH8/nSIZE.json, copies them to --out \
        when given, and records them in the results database. Steps already written are \
        reused, so an interrupted selection resumes and a finished one returns at once.
        """)

    @Option(help: "Selection method: random, ent, ds, us or ds_us.")
    var method: String

    @OptionGroup var preset: ProfileOptions

    @Option(help: "Selection seed (the candidate order; the paper uses 42, 43, 44).")
    var seed: UInt64 = 42

    @Option(help: "Stop at this subset size (a size of the scaled schedule; default: the schedule's last).")
    var size: Int?

    @Option(help: "Also write the selection files (nSIZE.json) to this folder.")
    var out: String?

    @OptionGroup var data: DataOptions
    @OptionGroup var configs: ConfigsOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard SelectionMethod(rawValue: method) != nil else {
            throw ValidationError("unknown selection method '\(method)' (known: "
                                  + SelectionMethod.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
    }

    func run() throws {
        let dataRoot = try data.existingDataRoot(profile: preset.profile)
        let registry = try configs.registry()
        let results = try ResultsStore(path: store.databasePath)
        let runner = try ExperimentRunner(dataRoot: dataRoot, runsFolder: store.runs, store: results, registry: registry,
                                          observer: ProgressBarObserver())
        let (job, files) = try runner.selectLabels(method: method, profile: preset.profile, seed: seed, upTo: size,
                                                   copyTo: out)
        for f in files {
            print("n=\(f.size): " + f.names.prefix(8).joined(separator: " ") + (f.size > 8 ? " ..." : ""))
        }
        print("selection files in \(job.folder)" + (out.map { " and \($0)" } ?? ""))
    }
}
