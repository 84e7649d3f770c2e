import CityscapesData
import Dispatch
import Foundation
import TensorEngine

/// The SynthCity generator: draws, renders and writes sequences for its settings.
///
/// Each sequence draws from its own random stream,
/// `RandomGenerator(seed).split("scene-{split}").split(index)`, so any sequence can be
/// rendered alone and a tree's bytes do not depend on how work is spread over threads.
public struct SynthCityGenerator: Sendable {
    public let settings: SynthCitySettings

    /// Synthetic city names per split; sample i lives in city i mod count.
    public static let cities: [CityscapesSplit: [String]] = [
        .train: ["amberfield", "brookhaven", "cedarport", "dunmore", "elmstead"],
        .val: ["fernbridge", "glenwood"],
        .test: [],
    ]

    /// The splits SynthCity writes.
    public static let splits: [CityscapesSplit] = [.train, .val]

    public init(settings: SynthCitySettings) {
        self.settings = settings
    }

    /// The sample with `index` in `split`.
    public func sample(split: CityscapesSplit, index: Int) -> SynthCitySample {
        let cities = Self.cities[split] ?? []
        precondition(!cities.isEmpty, "SynthCity has no \(split.rawValue) split")
        let frame = CityscapesFrameID(city: cities[index % cities.count], sequence: index / cities.count,
                                      frame: SynthCityRig.labelledFrameNumber)
        return SynthCitySample(split: split, index: index, frame: frame)
    }

    /// Every sample of `split`, in index order.
    public func samples(split: CityscapesSplit) -> [SynthCitySample] {
        (0..<settings.count(of: split)).map { sample(split: split, index: $0) }
    }

    /// The scene description of a sample (no geometry, no rendering).
    public func describe(split: CityscapesSplit, index: Int) -> SceneDescription {
        var stream = sequenceStream(split: split, index: index).split("description")
        return SceneDescription.draw(&stream, stationaryProbability: settings.stationaryCameraProbability)
    }

    /// Renders a sample's three frames, labels and depth in memory.
    public func render(split: CityscapesSplit, index: Int) -> SynthCitySequence {
        let description = describe(split: split, index: index)
        let scene = SceneBuilder.build(description, motionProbability: settings.independentMotionProbability)
        let renderer = FrameRenderer(scene: scene, intrinsics: settings.intrinsics, width: settings.width,
                                     height: settings.height, supersampling: settings.supersampling,
                                     sensorNoise: Float(settings.sensorNoise))
        let noise = sequenceStream(split: split, index: index).split("sensor-noise")
        var images: [[UInt8]] = []
        var labels: [UInt8] = [], depth: [Float] = []
        for offset in SynthCityRig.frameOffsets {
            var frameNoise = noise.split(offset + 1)
            let frame = renderer.render(frame: offset, labelled: offset == 0, noise: &frameNoise)
            images.append(frame.rgb)
            if offset == 0 {
                labels = frame.labels
                depth = frame.depth
            }
        }
        return SynthCitySequence(sample: sample(split: split, index: index), description: description,
                                 width: settings.width, height: settings.height,
                                 poses: SynthCityRig.frameOffsets.map { description.cameraPose(frame: $0) },
                                 images: images, labelIds: labels, depth: depth,
                                 movingObjectCount: scene.movingObjectCount)
    }

    /// Renders the whole tree into `root`, or reuses it when a complete tree with the
    /// same settings hash is already there. A root holding a tree with another hash or
    /// an unfinished one is cleared and rendered again; a root holding a Cityscapes
    /// tree that SynthCity did not write is refused.
    ///
    /// - Parameters:
    ///   - workers: threads rendering sequences in parallel (default: THREEWAYS_THREADS
    ///     or the number of cores); the output does not depend on it.
    ///   - progress: called after each written sequence with (done, total), one call at
    ///     a time, `done` increasing.
    @discardableResult
    public func generate(root: String, workers: Int = Parallel.defaultThreads,
                         progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws
        -> SynthCityGenerationResult {
        try settings.validate()
        let start = DispatchTime.now()
        let files = SynthCityFiles(root: root)
        let jobs = Self.splits.flatMap { split in (0..<settings.count(of: split)).map { (split, $0) } }
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

        if files.completedHash() == settings.hash {
            return SynthCityGenerationResult(root: files.layout.root, settingsHash: settings.hash, reused: true,
                                             sequenceCount: jobs.count, seconds: elapsed())
        }
        try prepare(files)
        let writer = SequenceWriter(layout: files.layout, intrinsics: settings.intrinsics)
        let state = GenerationState(total: jobs.count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, jobs.count))) { _ in
            while let job = state.nextJob() {
                let (split, index) = jobs[job]
                do {
                    let sequence = render(split: split, index: index)
                    try writer.write(sequence)
                    let row = SynthCityFiles.sceneIndexRow(sequence.sample, sequence.description,
                                                           moving: sequence.movingObjectCount)
                    state.finish(job, row: row, progress: progress)
                } catch {
                    state.fail(error)
                }
            }
        }
        if let error = state.error { throw error }
        try FileIO.write(([SynthCityFiles.sceneIndexHeader] + state.rows).joined(separator: "\n") + "\n",
                         to: files.sceneIndex)
        try FileIO.write(settings.hash + "\n", to: files.completionMarker)
        return SynthCityGenerationResult(root: files.layout.root, settingsHash: settings.hash, reused: false,
                                         sequenceCount: jobs.count, seconds: elapsed())
    }

    /// The random stream of one sequence.
    private func sequenceStream(split: CityscapesSplit, index: Int) -> RandomGenerator {
        RandomGenerator(seed: settings.seed).split("scene-\(split.rawValue)").split(index)
    }

    /// Makes `files.layout.root` an empty SynthCity tree holding only settings.json and
    /// the output folders: refuses foreign Cityscapes trees, removes a previous
    /// SynthCity tree (marker first, so an interrupted clean-up is never mistaken for a
    /// complete tree).
    private func prepare(_ files: SynthCityFiles) throws {
        let fm = FileManager.default
        let root = files.layout.root
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: root, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw SynthCityError.unwritable(path: root, reason: "it exists and is not a folder")
            }
        } else {
            try FileIO.makeDirectory(root)
        }
        let cityscapesTrees = CityscapesLayout.Tree.allCases.filter { $0 != .synthcity }
        let present = cityscapesTrees.filter { fm.fileExists(atPath: files.layout.directory($0)) }
        if !present.isEmpty && !fm.fileExists(atPath: files.settings) {
            throw SynthCityError.foreignTree(root: root)
        }
        try remove(files.completionMarker)
        for tree in present { try remove(files.layout.directory(tree)) }
        try remove(files.directory)
        try FileIO.makeDirectory(files.directory)
        try FileIO.write(settings.jsonText, to: files.settings)
        for split in Self.splits {
            for city in (Self.cities[split] ?? []).prefix(settings.count(of: split)) {
                for tree in CityscapesLayout.Tree.allCases {
                    try FileIO.makeDirectory(files.layout.directory(tree, split: split, city: city))
                }
            }
        }
    }

    private func remove(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw SynthCityError.unwritable(path: path, reason: "cannot remove it: \(error.localizedDescription)")
        }
    }
}

/// Work distribution and results of one `generate` call, shared by its workers.
private final class GenerationState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var done = 0
    private(set) var rows: [String]
    private(set) var error: Error?
    let total: Int

    init(total: Int) {
        self.total = total
        rows = [String](repeating: "", count: total)
    }

    /// The next job index, or nil when all are taken or a worker failed.
    func nextJob() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil, next < total else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ job: Int, row: String, progress: (@Sendable (Int, Int) -> Void)?) {
        lock.lock()
        defer { lock.unlock() }
        rows[job] = row
        done += 1
        progress?(done, total)
    }

    func fail(_ error: Error) {
        lock.lock()
        defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }
}
