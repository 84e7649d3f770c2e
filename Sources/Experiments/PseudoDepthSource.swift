import DataPipeline
import Foundation
import Networks
import TensorEngine
import Training

/// Where a depth network's pseudo-depth cache lives and how it is filled: next to the
/// depth network file, `pseudo-depth-{hash8 of the dataset}`, one per dataset, filled
/// once (DepthMix and data selection share it).
enum PseudoDepthSource {
    /// The cache of `depthWeights` for the dataset at `dataRoot`, filled first when
    /// incomplete (progress as phase "pseudo-depth").
    static func cache(depthWeights path: String, dataRoot: String, train: SampleIndex,
                      observer: TrainingObserver) throws -> PseudoDepthCache {
        let dataset = try DatasetIdentity.hash(root: dataRoot)
        let folder = ((path as NSString).deletingLastPathComponent) + "/pseudo-depth-"
            + String((try ConfigurationHash.of(dataset)).prefix(8))
        let pseudo = PseudoDepthCache(folder: folder)
        if !pseudo.isComplete {
            let depth = try teacher(path)
            observer.begin(phase: "pseudo-depth", total: train.count, start: 0)
            try pseudo.fill(index: train, network: depth) { done, _ in
                observer.step(TrainingProgress(phase: "pseudo-depth", step: done, totalSteps: train.count, losses: [],
                                               stepsPerSecond: 0, secondsRemaining: 0), detail: "")
            }
            observer.end(phase: "pseudo-depth", total: train.count)
        }
        return pseudo
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
        if FileManager.default.fileExists(atPath: file.path), let stored = try? SafeTensors.read(from: file).tensors["features"] {
            return stored
        }
        let features = try compute(try teacher(path))
        try SafeTensors.write(["features": features], metadata: ["dataset": dataset], to: file)
        return features
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
