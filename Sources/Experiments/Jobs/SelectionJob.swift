import DataPipeline
import DataSelection
import Foundation
import Networks
import TensorEngine
import Training

/// One data-selection run (experiment 211; reference: label_selection.py
/// `label_selection_main`) for a method and seed: the label schedule scaled to the
/// training set, and at each step the method's new samples (`LabelSelection.choose`)
/// given the current student's scores; after every step but the last a student is
/// trained from scratch on the selection so far (`SelectionStudent`).
///
/// Candidates are the tree's training images in loader order (`SampleIndex`). The
/// depth teacher is a depth pretraining's final network: its ("upconv", 3) features give
/// the diversity distances (computed once), its cached pseudo-disparity the students'
/// targets. The candidate order is NumPy's permutation for the seed (as the reference).
///
/// Output: `FOLDER/n{size}.json` per schedule step (`SelectionFile`), written atomically.
/// The files are the job's state: a later call resumes after the last step written, and
/// a selection that exists is not made again. Steps are nested, so `run(upTo:)` may stop
/// at any schedule size and continue later to a larger one with the same result.
public struct SelectionJob {
    public let dataRoot: String
    public let method: SelectionMethod
    public let seed: UInt64
    public let profile: Profile
    public let settings: SelectionSettings
    /// The depth teacher's final network file.
    public let teacherWeights: String
    /// The job's folder (its selection files).
    public var folder: String
    /// The label schedule for this tree's training set.
    public let schedule: LabelSchedule
    public let datasetHash: String
    /// Hash of (method, seed, settings, schedule, teacher's hash, dataset).
    public let configurationHash: String
    public let identity: Identity

    public struct Identity: Encodable {
        var method: String
        var seed: UInt64
        var settings: SelectionSettings
        var networks: NetworkSettings
        var scheduleSizes: [Int]
        var scheduleIterations: [Int]
        var diversity: String
        var teacherHash: String
        var datasetHash: String
    }

    public init(dataRoot: String, method: SelectionMethod, seed: UInt64, profile: Profile, settings: SelectionSettings,
                teacherWeights: String, folder: String) throws {
        self.dataRoot = dataRoot
        self.method = method
        self.seed = seed
        self.profile = profile
        self.settings = settings
        self.teacherWeights = teacherWeights
        self.folder = folder
        let train = try SampleIndex(root: dataRoot, split: .train)
        schedule = try LabelSchedule(trainingSetSize: train.count, iterationFactor: settings.iterationFactor)
        datasetHash = try DatasetIdentity.hash(root: dataRoot)
        let d = DiversitySettings.paper
        identity = Identity(method: method.rawValue, seed: seed, settings: settings, networks: settings.networks,
                            scheduleSizes: schedule.sizes, scheduleIterations: schedule.trainingIterations,
                            diversity: "u3-avg\(d.poolHeight)-norm\(d.standardise)-bias\(d.biasWeight)",
                            teacherHash: try NetworkFile.read(teacherWeights).configurationHash, datasetHash: datasetHash)
        configurationHash = try ConfigurationHash.of(identity)
    }

    /// The selection file of `size` samples.
    public func file(size: Int) -> String { folder + "/n\(size).json" }

    /// The stored selection of `size` samples when it exists and belongs to this job.
    public func existing(size: Int) -> SelectionFile? {
        guard let file = try? SelectionFile.read(file(size: size)), file.configHash == configurationHash,
              file.size == size else { return nil }
        return file
    }

    /// Makes (or reads) every selection of the schedule up to `size` samples, which must
    /// be one of the schedule's sizes; returns them smallest first.
    @discardableResult
    public func run(upTo size: Int, observer: TrainingObserver) throws -> [SelectionFile] {
        guard let target = schedule.sizes.firstIndex(of: size) else {
            throw ExperimentError.invalidConfig(file: folder, reason: "\(size) is not a size of the label schedule "
                + "for \(schedule.trainingSetSize) training images (sizes: "
                + schedule.sizes.map(String.init).joined(separator: ", ") + ")")
        }
        var files: [SelectionFile] = []
        for k in 0...target {
            guard let f = existing(size: schedule.sizes[k]) else { break }
            files.append(f)
        }
        if files.count > target { return files }
        guard let lock = try RunLock(folder: folder, wait: true) else { return files }
        defer { withExtendedLifetime(lock) {} }
        // Another process may have written steps while this one waited.
        files = []
        for k in 0...target {
            guard let f = existing(size: schedule.sizes[k]) else { break }
            files.append(f)
        }
        if files.count > target { return files }

        let train = try SampleIndex(root: dataRoot, split: .train)
        var selected = try files.last.map { try indices(of: $0.names, in: train) } ?? []
        let rng = SelectionRandomness.numpy(seed: UInt32(truncatingIfNeeded: seed))
        let student = SelectionStudent(train: train, settings: settings, seed: seed, observer: observer)
        var distances: DistanceMatrix? = nil
        if method.startsWithFarthestPoint {
            let h = DiversitySettings.paper.poolHeight
            let features = try PseudoDepthSource.teacherFeatures(depthWeights: teacherWeights, dataRoot: dataRoot,
                                                                 poolHeight: h) { teacher in
                try student.teacherFeatures(teacher, poolHeight: h)
            }
            distances = DiversityFeatures.distances(features, settings: .paper)
        }
        var cache: PseudoDepthCache? = nil
        if method.studentTask == .pseudoDepth {
            cache = try PseudoDepthSource.cache(depthWeights: teacherWeights, dataRoot: dataRoot, train: train,
                                                observer: observer)
        }
        for k in files.count...target {
            var difficulty: [Float]? = nil, entropy: [Float]? = nil
            if k > 0 {
                let iterations = schedule.trainingIterations[k - 1]
                switch method.studentTask {
                case .pseudoDepth?:
                    let network = try student.trainDepth(samples: selected, iterations: iterations, step: k - 1,
                                                         cache: cache!)
                    difficulty = try student.difficulty(network, cache: cache!)
                case .segmentation?:
                    let network = try student.trainSegmentation(samples: selected, iterations: iterations, step: k - 1)
                    entropy = try student.entropy(network)
                case nil:
                    break
                }
            }
            let count = schedule.sizes[k] - selected.count
            selected += try LabelSelection.choose(method: method, candidateCount: train.count,
                                                  alreadySelected: selected, count: count, distances: distances,
                                                  difficulty: difficulty, entropy: entropy, rng: rng)
            let file = SelectionFile(method: method.rawValue, seed: seed, profile: profile.rawValue,
                                     configHash: configurationHash, datasetHash: datasetHash,
                                     scheduleSizes: schedule.sizes, names: selected.map { train.name(of: $0) })
            try file.write(to: self.file(size: schedule.sizes[k]))
            observer.log("selection \(method.rawValue) seed \(seed): \(selected.count) samples -> "
                         + self.file(size: schedule.sizes[k]))
            files.append(file)
        }
        return files
    }

    /// The candidate indices of stored names (in their order).
    private func indices(of names: [String], in train: SampleIndex) throws -> [Int] {
        try names.map { name in
            guard let i = train.index(named: name) else {
                throw DataPipelineError.unknownSampleName(name, subsetFile: folder)
            }
            return i
        }
    }
}
