import DataPipeline
import DataSelection
import EngineTestSupport
import ExperimentTestSupport
@testable import Experiments
import Foundation
import ResultsStore
import TensorEngine
import Training
import XCTest

/// The data-selection job (experiment 211) on the tiny tree: determinism, resumption,
/// files, the store, the loader's fixed-subset mode and the runner's selected-labels runs.
final class SelectionJobTests: XCTestCase {
    /// A few student iterations per step: 4000 x 0.0005 = 2, then 4, 6.
    static let settings = SelectionSettings(iterationFactor: 0.0005, widthMultiplier: 0.125, cropWidth: 32,
                                            cropHeight: 32, scoringBatchSize: 3)

    private func job(_ method: SelectionMethod, folder: String, seed: UInt64 = 42) throws -> SelectionJob {
        try SelectionJob(dataRoot: ExperimentFixtures.tree, method: method, seed: seed, profile: .smoke,
                         settings: Self.settings, teacherWeights: SemiSupervisedJobTests.depthFile, folder: folder)
    }

    func testTinySelectionsAreDeterministicNestedAndResumable() throws {
        let saved = Parallel.threads
        defer { Parallel.threads = saved }
        for method in [SelectionMethod.dsUs, .ent, .us] {
            let a = try TemporaryFolder("select-a"), b = try TemporaryFolder("select-b")
            defer { a.remove(); b.remove() }
            Parallel.threads = 2
            let jobA = try job(method, folder: a.path)
            XCTAssertEqual(jobA.schedule.sizes, [1, 2, 3, 4, 5, 6])
            XCTAssertEqual(jobA.schedule.trainingIterations.prefix(3), [2, 4, 6])
            let first = try jobA.run(upTo: 4, observer: LogLinesObserver())
            XCTAssertEqual(first.map(\.size), [1, 2, 3, 4])
            // Nested: every step extends the one before; names are training images, distinct.
            let train = try SampleIndex(root: ExperimentFixtures.tree, split: .train)
            for k in 1..<first.count { XCTAssertEqual(Array(first[k].names.prefix(k)), first[k - 1].names, "\(method)") }
            XCTAssertEqual(Set(first[3].names).count, 4)
            XCTAssertTrue(first[3].names.allSatisfy { train.index(named: $0) != nil })
            XCTAssertEqual(try SelectionFile.read(jobA.file(size: 4)), first[3])
            // The same seed at one thread, from scratch in another folder: the same names.
            Parallel.threads = 1
            let jobB = try job(method, folder: b.path)
            XCTAssertEqual(jobB.configurationHash, jobA.configurationHash)
            XCTAssertEqual(try jobB.run(upTo: 4, observer: LogLinesObserver()).map(\.names), first.map(\.names),
                           "\(method) at 1 and 2 threads")
            // Resumption: the last step removed is made again from the files before it.
            try FileManager.default.removeItem(atPath: jobB.file(size: 4))
            let observer = LogLinesObserver()
            XCTAssertEqual(try jobB.run(upTo: 4, observer: observer).last?.names, first[3].names)
            XCTAssertEqual(observer.lines.filter { $0.hasPrefix("selection") }.count, 1, observer.lines.joined(separator: "\n"))
            // A finished selection is read, not made again.
            let quiet = LogLinesObserver()
            XCTAssertEqual(try jobB.run(upTo: 3, observer: quiet).map(\.size), [1, 2, 3])
            XCTAssertTrue(quiet.lines.isEmpty)
        }
    }

    func testRandomIsTheSeededNumPyOrderAndSizesOutsideTheScheduleAreRefused() throws {
        let a = try TemporaryFolder("select-random")
        defer { a.remove() }
        let job = try job(.random, folder: a.path, seed: 7)
        let files = try job.run(upTo: 3, observer: LogLinesObserver())
        let train = try SampleIndex(root: ExperimentFixtures.tree, split: .train)
        var numpy = NumPyRandomState(seed: 7)
        XCTAssertEqual(files[2].names, numpy.permutation(train.count).prefix(3).map { train.name(of: $0) })
        XCTAssertThrowsError(try job.run(upTo: 7, observer: LogLinesObserver())) { error in
            XCTAssertTrue("\(error)".contains("1, 2, 3, 4, 5, 6"), "\(error)")
        }
    }

    func testSelectionFilesRoundTripThroughTheStoreAndTheLoadersFixedSubsetMode() throws {
        let work = try TemporaryFolder("select-files")
        defer { work.remove() }
        let train = try SampleIndex(root: ExperimentFixtures.tree, split: .train)
        let names = [5, 1, 6].map { train.name(of: $0) }
        let file = SelectionFile(method: "ds_us", seed: 42, profile: "smoke", configHash: "abc", datasetHash: "d",
                                 scheduleSizes: [1, 2, 3], names: names)
        try file.write(to: work.path + "/n3.json")
        let read = try SelectionFile.read(work.path + "/n3.json")
        XCTAssertEqual(read, file)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.path + "/n3.json.partial"))
        // The loader's fixed-subset mode serves exactly the selected samples.
        let subset = LabelledSubset.named(read.names, source: work.path + "/n3.json")
        let indices = try subset.indices(in: train)
        XCTAssertEqual(indices, [1, 5, 6])
        let reader = try SampleReader(index: train, frameOffsets: [0], augmentation: AugmentationSettings(cropWidth: 32, cropHeight: 32))
        let loader = try TrainingLoader(reader: reader, samples: indices, batchSize: 3, loadLabels: true, seed: 1)
        let batch = try loader.next()
        XCTAssertEqual(Set(batch.names), Set(names))
        // A malformed file is refused naming it.
        try "{\"size\": 2}".write(toFile: work.path + "/bad.json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SelectionFile.read(work.path + "/bad.json")) { error in
            XCTAssertTrue("\(error)".contains("bad.json"), "\(error)")
        }
        // The store keeps the names in order.
        let store = try ResultsStore(path: work.path + "/results.sqlite")
        try store.record(SelectionRecord(experiment: "211", method: read.method, profile: read.profile,
                                         seed: Int(read.seed), configHash: read.configHash,
                                         datasetHash: read.datasetHash, names: read.names, path: work.path + "/n3.json"))
        XCTAssertEqual(try store.selections(experiment: "211", method: "ds_us", profile: "smoke", seed: 42)
            .first?.names(), names)
    }

    static let selectionYAML = """
        experiment: "211"
        title: Data selection (test)
        version: 1
        kind: data-selection
        variants:
          - {name: sel_random, init: scratch, labels: {selection: random}}
          - {name: sel_ds_us, init: scratch, labels: {selection: ds_us}}
        profiles:
          smoke:
            seeds: [42]
            subsetSizes: [2]
            selection: {iterationFactor: 0.0005, cropWidth: 32, cropHeight: 32}
            segmentation:
              validationSamples: 2
              training: {iterations: 2, checkpointInterval: 2, validationInterval: 2}

        """

    func testSelectedLabelsRunsTrainOnExactlyTheSelectedNames() throws {
        let configs = try ExperimentFixtures.configs("select-configs")
        let work = try TemporaryFolder("select-work")
        defer { configs.remove(); work.remove() }
        try Self.selectionYAML.write(toFile: configs.path + "/211.yml", atomically: true, encoding: .utf8)
        let store = try ResultsStore(path: work.path + "/results.sqlite")
        let runner = try ExperimentRunner(dataRoot: ExperimentFixtures.tree, runsFolder: work.path + "/runs",
                                          store: store, registry: try ExperimentRegistry(folder: configs.path),
                                          observer: LogLinesObserver(),
                                          environment: RunEnvironment(commit: "abc", dirty: false, machine: "test"))
        XCTAssertEqual(try runner.registry.experimentIds, ["depth", "210", "211"])
        let outcomes = try runner.run(experiment: "211", profile: .smoke)
        XCTAssertEqual(outcomes.map(\.0.variant), ["sel_random", "sel_ds_us"])
        for (entry, outcome) in outcomes {
            guard case .done(let runId) = outcome else { return XCTFail("\(entry): \(outcome)") }
            let method = entry.variant == "sel_random" ? "random" : "ds_us"
            let stored = try store.selections(experiment: "211", method: method, profile: "smoke", seed: 42)
            XCTAssertEqual(stored.map(\.size), [1, 2])
            let names = try stored[1].names()
            let job = try runner.selectionJob(method: method, profile: .smoke, seed: 42)
            XCTAssertEqual(try SelectionFile.read(job.file(size: 2)).names, names)
            // The run's key names the selection, and its configuration hashes exactly these names.
            let run = try XCTUnwrap(try store.run(id: runId))
            let named = SegmentationJob.identity(of: .named(names, source: nil))
            XCTAssertEqual(run.subsetIdentity, "selection:\(method):seed42:\(job.configurationHash.prefix(8)):" + named)
            let config = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.configJSON.utf8)) as? [String: Any])
            XCTAssertEqual(config["subset"] as? String, named)
        }
        // Running again skips everything, the selections included.
        let again = try runner.run(experiment: "211", profile: .smoke)
        XCTAssertTrue(again.allSatisfy { if case .alreadyDone = $0.1 { return true } else { return false } })
    }

    func testDataSelectionDefinitionsAreValidatedStrictly() throws {
        let folder = try TemporaryFolder("select-defs")
        defer { folder.remove() }
        let head = "experiment: \"211\"\ntitle: t\nversion: 1\nkind: data-selection\n"
        let cases: [(String, String)] = [
            (head + "variants: [{name: a, init: scratch, labels: {selection: best}}]\nprofiles: {smoke: {seeds: [1], subsetSizes: [2]}}\n",
             "variants.0.labels.selection"),
            (head + "variants: [{name: a, init: scratch}]\nprofiles: {smoke: {seeds: [1], subsetSizes: [2]}}\n",
             "variants.0.labels"),
            (head + "variants: [{name: a, init: scratch, labels: {selection: ds}}]\nprofiles: {smoke: {seeds: [1]}}\n",
             "profiles.smoke.subsetSizes"),
            (head + "variants: [{name: a, init: scratch, labels: {selection: ds}}]\nprofiles: {smoke: {seeds: [1], subsetSizes: [2], selection: {iterationFactor: 0}}}\n",
             "iterationFactor"),
            (head + "variants: [{name: a, init: scratch, labels: {selection: ds}}]\nprofiles: {smoke: {seeds: [1], subsetSizes: [2], selection: {iterations: 3}}}\n",
             "iterations"),
            (head + "variants: [{name: a, init: scratch, labels: {selection: ds, size: 3}}]\nprofiles: {smoke: {seeds: [1], subsetSizes: [2]}}\n",
             "size"),
            (head + "variants: [{name: a, init: scratch, labels: {selection: ds}, profiles: [tiny]}]\nprofiles: {smoke: {seeds: [1], subsetSizes: [2]}}\n",
             "variants.0.profiles"),
        ]
        for (i, (text, key)) in cases.enumerated() {
            let path = folder.path + "/case\(i).yml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try ExperimentDefinition.load(path), key) { error in
                XCTAssertTrue("\(error)".contains(key), "\(error) should name \(key)")
                XCTAssertTrue("\(error)".contains(path), "\(error) should name the file")
            }
        }
        // The committed 211: five methods, the built-in selection settings under the overrides.
        let e211 = try ExperimentRegistry(folder: ExperimentDefinitionTests.repositoryConfigs).definition("211")
        XCTAssertEqual(e211.kind, .dataSelection)
        XCTAssertEqual(e211.variants.compactMap(\.labels?.selection), ["random", "ent", "us", "ds", "ds_us"])
        XCTAssertEqual(try e211.settings(profile: .paper).selection, SelectionSettings.profile(.paper))
        XCTAssertEqual(try e211.settings(profile: .quick).selection?.iterationFactor, 0.01)
        XCTAssertEqual(try GridEntry.grid(of: e211, profile: .smoke).map(\.variant),
                       ["sel_random", "sel_ent", "sel_us", "sel_ds", "sel_ds_us"])
        // 210's and 212's selected-labels variants: ds_us labels, at every profile.
        let registry = try ExperimentRegistry(folder: ExperimentDefinitionTests.repositoryConfigs)
        for (experiment, variant) in [("210", "sel_transfer_depthmix"), ("212", "sel_pad_transfer_depthmix")] {
            let definition = try registry.definition(experiment)
            XCTAssertEqual(definition.variants.first { $0.name == variant }?.labels?.selection, "ds_us")
            for profile in Profile.allCases {
                XCTAssertTrue(try GridEntry.grid(of: definition, profile: profile).contains { $0.variant == variant },
                              "\(experiment) \(profile)")
            }
        }
        // A variant naming its profiles is left out of the others' grids.
        let scratch = try TemporaryFolder("variant-profiles")
        defer { scratch.remove() }
        let file = scratch.path + "/x.yml"
        try """
            experiment: x
            title: t
            version: 1
            kind: segmentation
            variants: [{name: a, init: scratch}, {name: b, init: scratch, profiles: [standard]}]
            profiles: {quick: {seeds: [1], subsetSizes: [2]}, standard: {seeds: [1], subsetSizes: [2]}}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let restricted = try ExperimentDefinition.load(file)
        XCTAssertEqual(try GridEntry.grid(of: restricted, profile: .quick).map(\.variant), ["a"])
        XCTAssertEqual(try GridEntry.grid(of: restricted, profile: .standard).map(\.variant), ["a", "b"])
    }
}
