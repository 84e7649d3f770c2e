import EngineTestSupport
import Foundation
import TreeTestSupport

/// Shared inputs of the experiment, cluster and command-line tests: a tiny SynthCity
/// tree and configuration folders with few-step profiles.
public enum ExperimentFixtures {
    /// 8 training and 4 validation sequences at 64x32 (generated once per test process;
    /// only read).
    public static let tree: String = try! TinyTree.root(TinyTree.settings(seed: 5, train: 8, val: 4))

    public static let depthYAML = """
        experiment: depth
        title: Depth pretraining (test)
        version: 1
        kind: depth-pretraining
        profiles:
          smoke:
            seeds: [42]
            depth:
              validationSamples: 2
              phase1: {iterations: 4, checkpointInterval: 2, validationInterval: 2}
              phase2: {iterations: 2, checkpointInterval: 2, validationInterval: 2}

        """

    /// Experiment 210 with `iterations` segmentation steps; `diverging` adds a variant
    /// whose learning rate makes the loss explode.
    public static func segmentationYAML(iterations: Int = 6, checkpointEvery: Int = 2, validateEvery: Int = 3,
                                 diverging: Bool = false, semiSupervised: Bool = false) -> String {
        """
        experiment: "210"
        title: Scratch vs transfer (test)
        version: 1
        kind: segmentation
        variants:
          - {name: scratch, init: scratch}
          - {name: transfer, init: depth}
        \(diverging ? "  - {name: diverging, init: scratch, segmentation: {training: {learningRate: 1.0e+12, backboneLearningRate: 1.0e+12}}}" : "")
        \(semiSupervised ? "  - {name: classmix, init: scratch, segmentation: {semiSupervised: {mix: class}}}" : "")
        \(semiSupervised ? "  - {name: depthmix, init: depth, segmentation: {semiSupervised: {mix: depth, onlyUnlabelled: false}}}" : "")
        profiles:
          smoke:
            seeds: [42]
            subsetSizes: [4]
            segmentation:
              validationSamples: 2
              training: {iterations: \(iterations), checkpointInterval: \(checkpointEvery), validationInterval: \(validateEvery)}

        """
    }

    /// A folder holding depth.yml and 210.yml.
    public static func configs(_ name: String, segmentation: String = segmentationYAML()) throws -> TemporaryFolder {
        let folder = try TemporaryFolder(name)
        try depthYAML.write(toFile: folder.path + "/depth.yml", atomically: true, encoding: .utf8)
        try segmentation.write(toFile: folder.path + "/210.yml", atomically: true, encoding: .utf8)
        return folder
    }
}
