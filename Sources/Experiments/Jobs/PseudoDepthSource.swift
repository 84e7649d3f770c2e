import DataPipeline
import Foundation
import Networks
import TensorEngine
import Training

/// Where a depth network's pseudo-depth cache lives and how it is filled: next to the
/// depth network file, `pseudo-depth-{hash8 of the dataset}`, one per dataset, filled
/// once (DepthMix and data selection share it). Filling and the feature file are done
/// under a lock in the depth network's folder (`locks/`), so concurrent runs (two
/// runners, or Slurm array tasks sharing a runs folder) compute them once and never
/// write the same file at the same time; the others wait and then read.
enum PseudoDepthSource {
    /// Holds the lock `name` next to the depth network `path` while `body` runs.
    private static func locked<T>(_ path: String, _ name: String, _ body: () throws -> T) throws -> T {
        let folder = ((path as NSString).deletingLastPathComponent) + "/locks/" + name
        let lock = try RunLock(folder: folder, wait: true)
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }

    /// The cache of `depthWeights` for the dataset at `dataRoot`, filled first when
    /// incomplete (progress as phase "pseudo-depth").
    static func cache(depthWeights path: String, dataRoot: String, train: SampleIndex,
                      observer: TrainingObserver) throws -> PseudoDepthCache {
        let dataset = try DatasetIdentity.hash(root: dataRoot)
        let folder = ((path as NSString).deletingLastPathComponent) + "/pseudo-depth-"
            + String((try ConfigurationHash.of(dataset)).prefix(8))
        let pseudo = PseudoDepthCache(folder: folder)
        if pseudo.isComplete { return pseudo }
        return try locked(path, (folder as NSString).lastPathComponent) {
            // Another process may have filled it while this one waited.
            if pseudo.isComplete { return pseudo }
            let depth = try teacher(path)
            observer.begin(phase: "pseudo-depth", total: train.count, start: 0)
            try pseudo.fill(index: train, network: depth) { done, _ in
                observer.step(TrainingProgress(phase: "pseudo-depth", step: done, totalSteps: train.count, losses: [],
                                               stepsPerSecond: 0, secondsRemaining: 0), detail: "")
            }
            observer.end(phase: "pseudo-depth", total: train.count)
            return pseudo
        }
    }

    /// The depth teacher's pooled ("upconv", 3) features of every training image,
    /// [N, C, h, 2h], kept next to the depth network file as
    /// `selection-features-{hash8 of dataset and h}.safetensors` (written atomically), so
    /// every selection method and seed computes them once per dataset.
    static func teacherFeatures(depthWeights path: String, dataRoot: String, poolHeight: Int,
                                compute: (DepthNetwork) throws -> Tensor) throws -> Tensor {
        let dataset = try DatasetIdentity.hash(root: dataRoot)
        let key = String((try ConfigurationHash.of(["dataset": dataset, "pool": "avg\(poolHeight)", "m": "u3"])).prefix(8))
        let file = URL(fileURLWithPath: ((path as NSString).deletingLastPathComponent) + "/selection-features-\(key).safetensors")
        func stored() -> Tensor? {
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            return try? SafeTensors.read(from: file).tensors["features"]
        }
        if let features = stored() { return features }
        return try locked(path, "selection-features-\(key)") {
            if let features = stored() { return features }
            let features = try compute(try teacher(path))
            try SafeTensors.write(["features": features], metadata: ["dataset": dataset], to: file)
            return features
        }
    }

    /// The depth network of a final depth file.
    static func teacher(_ path: String) throws -> DepthNetwork {
        let file = try NetworkFile.read(path)
        let depth = try DepthNetwork(encoder: file.networks.encoder, decoder: file.networks.depthDecoder,
                                     rng: RandomGenerator(seed: 0))
        try depth.load(stateDict: file.state, strict: true)
        return depth
    }
}
