// swift-tools-version:6.0
// ThreeWays: a Swift reproduction of "Three Ways to Improve Semantic Segmentation
// with Self-Supervised Depth Estimation" (Hoyer et al., CVPR 2021).
import PackageDescription

/// Kernel modules are compiled with unchecked exclusivity (their hot loops run over raw
/// buffers and the dynamic checks cost more than they protect there) and, on x86-64,
/// for AVX2 + FMA (every x86-64 CPU since 2013-2015), so elementwise loops vectorise
/// 8 lanes wide instead of SSE's 4.
#if arch(x86_64)
let kernelSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked", "-target-cpu", "haswell"]),
]
#else
let kernelSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"]),
]
#endif

let package = Package(
    name: "ThreeWays",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "threeways", targets: ["ThreeWaysCLI"]),
        .executable(name: "threeways-bench", targets: ["ThreeWaysBench"]),
        .library(name: "TensorEngine", targets: ["TensorEngine"]),
        .library(name: "ImageIO", targets: ["ImageIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // C shims over Debian's -dev packages.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS",
                       providers: [.apt(["libopenblas-dev"])]),
        // Picks OpenBLAS kernels that match the CPU where its detection falls short.
        .target(name: "CBLASRuntime", dependencies: ["CBLAS"]),
        // The engine's pool of worker threads (atomics and futexes in C).
        .target(name: "CWorkerPool", cSettings: [.unsafeFlags(["-O2"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG",
                       providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CGD", path: "Sources/CGD",
                       providers: [.apt(["libgd-dev"])]),

        // Float32 tensors, reverse-mode autograd, operators, optimisers, checkpoints.
        .target(name: "TensorEngine", dependencies: ["CBLAS", "CBLASRuntime", "CWorkerPool"],
                swiftSettings: kernelSettings),
        // libpng wrapped so its longjmp errors become return codes. C code includes
        // <png.h> directly (no module import), so the library is linked explicitly.
        .target(name: "CPNGShim", dependencies: ["CPNG"],
                linkerSettings: [.linkedLibrary("png16")]),
        // PNG reading and writing (8-bit RGB, 8-bit grey, 16-bit grey).
        .target(name: "ImageIO", dependencies: ["CPNGShim"]),
        // Cityscapes facts shared by the generator and the loader (label table, file
        // layout, camera files, disparity encoding) and the tree tools: check, stats,
        // preparation of a real Cityscapes download.
        .target(name: "CityscapesData", dependencies: ["ImageIO"]),
        // SynthCity: the procedural driving dataset (a ray caster) in Cityscapes layout.
        .target(name: "SynthCity", dependencies: ["CityscapesData", "ImageIO", "TensorEngine"]),
        // The training and validation loader: samples, augmentation, labelled subsets,
        // background batch preparation.
        .target(name: "DataPipeline", dependencies: ["CityscapesData", "ImageIO", "TensorEngine"],
                swiftSettings: kernelSettings),
        // The paper's networks: ResNet encoder, ASPP depth decoder, pose net,
        // segmentation decoders, multi-task head.
        .target(name: "Networks", dependencies: ["TensorEngine"]),
        // Self-supervised monocular depth: view synthesis, photometric loss, SSIM,
        // automasking, smoothness.
        .target(name: "SelfSupervisedDepth", dependencies: ["CityscapesData", "TensorEngine"],
                swiftSettings: kernelSettings),
        // Semi-supervised segmentation building blocks: mean teacher, ClassMix and
        // DepthMix masks, mixing, strong augmentation, the pseudo-label loss.
        .target(name: "SemiSupervised", dependencies: ["TensorEngine"],
                swiftSettings: kernelSettings),
        // Data selection for annotation (experiment 211): label schedule, BerHu
        // pseudo-depth loss, difficulty and entropy scores, feature distances with the
        // difficulty bias, iterative farthest-point selection, the selection methods.
        .target(name: "DataSelection", dependencies: ["TensorEngine"],
                swiftSettings: kernelSettings),
        // Segmentation and depth metrics, and evaluation of folders of label PNGs.
        .target(name: "Evaluation", dependencies: ["CityscapesData", "ImageIO"]),
        // The results store: runs, evaluations, per-class IoU, depth metrics, timings and
        // artifacts in one SQLite file (GRDB), with append-only migrations.
        .target(name: "ResultsStore", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // Reports: tables and figure sheets (qualitative grids, training curves) drawn
        // with libgd.
        .target(name: "Reports", dependencies: ["CGD", "CityscapesData", "ResultsStore"]),
        // Training loops: depth pretraining, segmentation, checkpoints and resumption.
        .target(name: "Training", dependencies: ["TensorEngine", "DataPipeline", "Networks",
                                                 "SelfSupervisedDepth", "Evaluation", "ImageIO", "SemiSupervised", "DataSelection"]),
        // The experiment layer, one folder per concern: Configuration (named YAML configs
        // with profiles, validated strictly; the registry), Jobs (depth pretraining,
        // segmentation, multi-task, label selection), Runs (the runner, the run harness,
        // the results-store integration, the reproduction) and Figures (figure sheets and
        // the report writer).
        .target(name: "Experiments", dependencies: ["Yams", "Training", "ResultsStore", "Reports", "DataPipeline",
                                                    "Networks", "Evaluation", "CityscapesData", "TensorEngine",
                                                    "SelfSupervisedDepth", "ImageIO", "SynthCity", "DataSelection"]),
        // Scale-out on Slurm: the grid plan and manifest, sbatch scripts, submission, the
        // cluster task that runs one manifest line into its own shard, and grid status.
        .target(name: "Cluster", dependencies: ["Experiments", "ResultsStore", "Training"]),

        .executableTarget(
            name: "ThreeWaysCLI",
            dependencies: [
                "TensorEngine", "ImageIO", "CityscapesData", "SynthCity", "DataPipeline",
                "Networks", "SelfSupervisedDepth", "Evaluation", "Training", "ResultsStore", "Reports", "Experiments", "Cluster", "DataSelection",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "ThreeWaysBench",
            dependencies: [
                "TensorEngine", "CityscapesData", "DataPipeline", "Networks", "SelfSupervisedDepth", "Training",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: kernelSettings),

        // Shared test support. EngineTestSupport: assertions (gradients against finite
        // differences, closeness, independence of the thread count) and the one
        // TemporaryFolder. TreeTestSupport: the one tiny-tree helper (`TinyTree`, a SynthCity
        // tree rendered once per settings and copied). It is a target of its own rather than
        // part of EngineTestSupport so the engine-level test targets (TensorEngine, Networks,
        // SelfSupervisedDepth, ...) do not build and link the ray caster they never use.
        // ExperimentTestSupport: the experiment fixtures (tiny tree, few-step configs) that
        // the Experiments, Cluster and command-line tests share.
        .target(name: "EngineTestSupport", dependencies: ["TensorEngine"], path: "Tests/EngineTestSupport"),
        .target(name: "TreeTestSupport", dependencies: ["EngineTestSupport", "SynthCity"], path: "Tests/TreeTestSupport"),
        .target(name: "ExperimentTestSupport", dependencies: ["EngineTestSupport", "TreeTestSupport"],
                path: "Tests/ExperimentTestSupport"),
        .testTarget(name: "TensorEngineTests", dependencies: ["TensorEngine", "EngineTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ImageIOTests", dependencies: ["ImageIO"]),
        .testTarget(name: "SynthCityTests", dependencies: ["EngineTestSupport", "SynthCity", "CityscapesData", "ImageIO"]),
        .testTarget(name: "CityscapesDataTests", dependencies: ["CityscapesData", "ImageIO", "EngineTestSupport",
                                                               "TreeTestSupport"]),
        .testTarget(name: "DataPipelineTests", dependencies: ["EngineTestSupport", "TreeTestSupport", "DataPipeline",
                                                             "CityscapesData", "ImageIO", "SynthCity", "TensorEngine"]),
        .testTarget(name: "NetworksTests", dependencies: ["EngineTestSupport", "Networks", "TensorEngine"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "SelfSupervisedDepthTests", dependencies: ["EngineTestSupport", "SelfSupervisedDepth", "CityscapesData", "TensorEngine"]),
        .testTarget(name: "SemiSupervisedTests", dependencies: ["SemiSupervised", "EngineTestSupport", "TensorEngine"]),
        .testTarget(name: "DataSelectionTests", dependencies: ["DataSelection", "EngineTestSupport", "TensorEngine"]),
        .testTarget(name: "ResultsStoreTests", dependencies: ["ResultsStore", "EngineTestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "ImageIO", "EngineTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "EngineTestSupport", "ExperimentTestSupport",
                                                            "ResultsStore", "Training", "DataPipeline", "DataSelection", "ImageIO",
                                                            "Reports", "Networks", "TensorEngine",
                                                            .product(name: "GRDB", package: "GRDB.swift")]),
        // The Cluster target's grid plan, manifest, scripts and Slurm parsing.
        .testTarget(name: "ClusterTests", dependencies: ["Cluster", "Experiments", "Training", "EngineTestSupport",
                                                        "ExperimentTestSupport"]),
        // The `threeways` executable run as a process, as users and the Slurm jobs run it
        // (`swift test` builds it with every other product first).
        .testTarget(name: "ThreeWaysCLITests", dependencies: ["EngineTestSupport", "ExperimentTestSupport", "Cluster",
                                                             "ResultsStore", "Evaluation", "ImageIO", "Reports",
                                                             .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "TensorEngine", "EngineTestSupport", "TreeTestSupport",
                                                         "DataPipeline", "Networks", "SelfSupervisedDepth",
                                                         "Evaluation", "ImageIO"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "CityscapesData", "ImageIO", "EngineTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
