import XCTest
import TensorEngine
import Networks

/// Output shapes of every network at several input sizes (width x height) and profiles.
final class ShapeTests: XCTestCase {
    /// (height, width) pairs: 64x32, 96x48, 128x64 and 64x64 images.
    private let sizes = [(32, 64), (48, 96), (64, 128), (64, 64)]
    private let profiles: [NetworkSettings] = [.small(widthMultiplier: 0.25),
                                              .smallDataSelection(widthMultiplier: 0.25)]

    private func images(_ n: Int, _ c: Int, _ h: Int, _ w: Int, seed: UInt64 = 3) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.uniform([n, c, h, w], 0, 1, rng: &rng)
    }

    func testEncoderFeatureShapes() throws {
        for profile in profiles {
            let encoder = try ResNetEncoder(config: profile.encoder, rng: RandomGenerator(seed: 1))
            XCTAssertEqual(encoder.featureChannels, [16, 16, 32, 64, 128])
            for (h, w) in sizes {
                let features = withoutGradients { encoder(images(2, 3, h, w)) }
                let strides = [2, 4, 8, 16, 16]
                XCTAssertEqual(features.map(\.shape),
                               (0..<5).map { [2, encoder.featureChannels[$0], h / strides[$0], w / strides[$0]] },
                               "\(profile.name) at \(w)x\(h)")
            }
        }
    }

    func testBottleneckEncoderShapesWithAndWithoutDilation() throws {
        for dilate in [true, false] {
            let config = ResNetSettings(depth: 50, widthMultiplier: 0.125, dilateLastStage: dilate)
            let encoder = try ResNetEncoder(config: config, rng: RandomGenerator(seed: 1))
            XCTAssertEqual(encoder.featureChannels, [8, 32, 64, 128, 256])
            let features = withoutGradients { encoder(images(1, 3, 64, 128)) }
            XCTAssertEqual(features.map(\.shape), [[1, 8, 32, 64], [1, 32, 16, 32], [1, 64, 8, 16],
                                                   [1, 128, 4, 8], dilate ? [1, 256, 4, 8] : [1, 256, 2, 4]])
        }
    }

    func testDepthNetworkShapes() throws {
        for profile in profiles {
            let net = try DepthNetwork(encoder: profile.encoder, decoder: profile.depthDecoder, rng: RandomGenerator(seed: 2))
            for (h, w) in sizes {
                let (_, out) = withoutGradients { net(images(2, 3, h, w)) }
                XCTAssertEqual(out.disparities.keys.sorted(), [0, 1, 2, 3])
                for s in 0...3 { XCTAssertEqual(out.disparities[s]?.shape, [2, 1, h >> s, w >> s]) }
                for i in 0...4 {
                    let stride = i == 4 ? 16 : 1 << i
                    XCTAssertEqual(out.features[i]?.shape, [2, profile.depthDecoder.channels[i], h / stride, w / stride])
                }
                let d = out.disparities[0]!.scalars
                XCTAssertTrue(d.allSatisfy { $0 > 0 && $0 < 1 }, "sigmoid disparities lie in (0, 1)")
            }
        }
    }

    func testSegmentationNetworkShapes() throws {
        for profile in profiles {
            let net = try SegmentationNetwork(encoder: profile.encoder, depthDecoder: profile.depthDecoder,
                                              head: profile.segmentation, rng: RandomGenerator(seed: 3))
            for (h, w) in sizes {
                XCTAssertEqual(withoutGradients { net(images(2, 3, h, w)) }.shape, [2, 19, h, w],
                               "\(profile.name) at \(w)x\(h)")
            }
        }
    }

    func testSegmentationHeadReadingSeveralLayers() throws {
        var head = SegmentationDecoderSettings.experiment211.scaled(by: 0.25)
        head.layers = [2, 7, 9]
        head.outputStride = 4
        let net = try SegmentationNetwork(encoder: ResNetSettings(depth: 18, widthMultiplier: 0.25),
                                          depthDecoder: DepthDecoderSettings.dec6.scaled(by: 0.25), head: head,
                                          rng: RandomGenerator(seed: 4))
        XCTAssertEqual(net.segmentation.stateDict()["project.seg2.0.weight"]?.shape, [16, 32, 1, 1])
        XCTAssertEqual(net.segmentation.stateDict()["project.seg7.0.weight"]?.shape, [16, 32, 1, 1])
        XCTAssertEqual(net.segmentation.stateDict()["head.1.weight"]?.shape, [16, 48, 3, 3])
        XCTAssertEqual(withoutGradients { net(images(2, 3, 48, 96)) }.shape, [2, 19, 48, 96])
    }

    func testPoseNetworkShapes() throws {
        let pose = try PoseNetwork(config: .small(widthMultiplier: 0.25), rng: RandomGenerator(seed: 5))
        for (h, w) in sizes {
            let prediction = withoutGradients { pose([images(2, 3, h, w, seed: 1), images(2, 3, h, w, seed: 2)]) }
            XCTAssertEqual(prediction.axisAngle.shape, [2, 2, 1, 3])
            XCTAssertEqual(prediction.translation.shape, [2, 2, 1, 3])
        }
    }

    /// The paper's exact networks run at a small input (forward, evaluation mode).
    func testPaperProfileShapes() throws {
        let profile = NetworkSettings.paper
        let seg = try SegmentationNetwork(encoder: profile.encoder, depthDecoder: profile.depthDecoder,
                                          head: profile.segmentation, rng: RandomGenerator(seed: 6))
        seg.eval()
        let x = images(1, 3, 32, 64)
        let features = withoutGradients { seg.encoder(x) }
        XCTAssertEqual(features.map(\.shape), [[1, 64, 16, 32], [1, 256, 8, 16], [1, 512, 4, 8],
                                               [1, 1024, 2, 4], [1, 2048, 2, 4]])
        let depth = withoutGradients { seg.segmentation.unetDec(features) }
        XCTAssertEqual(depth.disparities[0]?.shape, [1, 1, 32, 64])
        XCTAssertEqual(depth.disparities[3]?.shape, [1, 1, 4, 8])
        XCTAssertEqual(depth.features[4]?.shape, [1, 256, 2, 4])
        XCTAssertEqual(withoutGradients { seg.segmentation(features) }.shape, [1, 19, 32, 64])

        let pose = try PoseNetwork(config: profile.pose, rng: RandomGenerator(seed: 7))
        let p = withoutGradients { pose([x, x]) }
        XCTAssertEqual(p.axisAngle.shape, [1, 2, 1, 3])
    }
}
