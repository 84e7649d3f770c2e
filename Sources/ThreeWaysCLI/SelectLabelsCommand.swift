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

    @Option(help: "smoke, quick, standard or paper.")
    var profile: String = "quick"

    @Option(help: "Selection seed (the candidate order; the paper uses 42, 43, 44).")
    var seed: UInt64 = 42

    @Option(help: "Stop at this subset size (a size of the scaled schedule; default: the schedule's last).")
    var size: Int?

    @Option(help: "Also write the selection files (nSIZE.json) to this folder.")
    var out: String?

    @Option(help: "Root of the Cityscapes-layout tree (default: where `reproduce` puts the profile's SynthCity).")
    var root: String?

    @Option(help: "Folder of experiment configurations (YAML).")
    var configs: String = "configs"

    @Option(help: "Folder of runs (the depth teacher's and the selection's folders).")
    var runs: String = "runs"

    @Option(help: "The results database (SQLite; default: RUNS/results.sqlite).")
    var db: String?

    func validate() throws {
        guard SelectionMethod(rawValue: method) != nil else {
            throw ValidationError("unknown selection method '\(method)' (known: "
                                  + SelectionMethod.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
    }

    func run() throws {
        let dataRoot = root ?? Reproduction.defaultDataRoot(for: profile)
        guard FileManager.default.fileExists(atPath: dataRoot) else {
            throw ValidationError("no dataset at \(dataRoot): generate it (`threeways data generate --profile "
                                  + "\(Reproduction.synthCityProfile(for: profile).rawValue) --root \(dataRoot)`) or pass --root")
        }
        let registry = try ExperimentRegistry(folder: configs)
        let store = try ResultsStore(path: db ?? runs + "/results.sqlite")
        let observer = ProgressBarObserver()
        let runner = try ExperimentRunner(dataRoot: dataRoot, runsFolder: runs, store: store, registry: registry,
                                          observer: observer)
        let job = try runner.selectionJob(method: method, profile: profile, seed: seed)
        let files = try job.run(upTo: size ?? job.schedule.sizes.last!, observer: observer)
        try runner.record(files, of: job)
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for f in files { try f.write(to: out + "/n\(f.size).json") }
        }
        for f in files {
            print("n=\(f.size): " + f.names.prefix(8).joined(separator: " ") + (f.size > 8 ? " ..." : ""))
        }
        print("selection files in \(job.folder)" + (out.map { " and \($0)" } ?? ""))
    }
}
