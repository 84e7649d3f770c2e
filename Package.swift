// swift-tools-version:6.0
// ThreeWays: a Swift reproduction of "Three Ways to Improve Semantic Segmentation
// with Self-Supervised Depth Estimation" (Hoyer et al., CVPR 2021).
import PackageDescription

/// Kernel modules are compiled with unchecked exclusivity: their hot loops run over
/// raw buffers and the dynamic checks cost more than they protect there.
let kernelSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"]),
]

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
    ],
    targets: [
        // C shims over Debian's -dev packages.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG",
                       providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CGD", path: "Sources/CGD",
                       providers: [.apt(["libgd-dev"])]),

        // Float32 tensors, reverse-mode autograd, operators, optimisers, checkpoints.
        .target(name: "TensorEngine", dependencies: ["CBLAS"],
                swiftSettings: kernelSettings),
        // PNG reading and writing (8-bit RGB, 8-bit grey, 16-bit grey).
        .target(name: "ImageIO", dependencies: ["CPNG"]),

        .executableTarget(
            name: "ThreeWaysCLI",
            dependencies: [
                "TensorEngine", "ImageIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "ThreeWaysBench",
            dependencies: [
                "TensorEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: kernelSettings),

        .testTarget(name: "TensorEngineTests", dependencies: ["TensorEngine"]),
        .testTarget(name: "ImageIOTests", dependencies: ["ImageIO"]),
    ],
    swiftLanguageModes: [.v5]
)
