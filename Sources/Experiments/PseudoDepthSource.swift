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

    /// The depth network of a final depth file.
    static func teacher(_ path: String) throws -> DepthNetwork {
        let file = try NetworkFile.read(path)
        let depth = try DepthNetwork(encoder: file.networks.encoder, decoder: file.networks.depthDecoder,
                                     rng: RandomGenerator(seed: 0))
        try depth.load(stateDict: file.state, strict: true)
        return depth
    }
}
