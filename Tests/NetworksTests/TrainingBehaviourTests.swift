import Foundation
import XCTest
import TensorEngine
import Networks

/// Gradient flow, training/evaluation mode, initialisation statistics, split decoding.
final class TrainingBehaviourTests: XCTestCase {
    private let profile = NetworkSettings.small(widthMultiplier: 0.25)

    private func images(_ n: Int, _ h: Int, _ w: Int, seed: UInt64 = 9) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.uniform([n, 3, h, w], 0, 1, rng: &rng)
    }

    private func assertEveryParameterHasGradient(_ module: Module, except skipped: (String) -> Bool = { _ in false },
                                                 file: StaticString = #filePath, line: UInt = #line) {
        for (name, p) in module.namedParameters() where !skipped(name) {
            guard let g = p.grad else { XCTFail("\(name) received no gradient", file: file, line: line); continue }
            XCTAssertTrue(g.scalars.contains { $0 != 0 } || p.count == 0, "\(name) has an all-zero gradient",
                          file: file, line: line)
        }
    }

    func testEveryParameterOfTheDepthNetworkReceivesAGradient() throws {
        let net = try DepthNetwork(encoder: profile.encoder, decoder: profile.depthDecoder, rng: RandomGenerator(seed: 1))
        let (_, out) = net(images(2, 64, 128))
        out.disparities.values.map { $0.mean() }.reduce(Tensor(scalar: 0), +).backward()
        assertEveryParameterHasGradient(net)
    }

    /// Exempt, as in the reference: the decoder copy's disparity heads (never evaluated
    /// for segmentation) and, for a head reading layer 8 (experiment 211), decoder stage 0
    /// (run only to find layer 9's size).
    func testEveryParameterOfTheSegmentationNetworkReceivesAGradient() throws {
        for p in [profile, .smallDataSelection(widthMultiplier: 0.25)] {
            let net = try SegmentationNetwork(encoder: p.encoder, depthDecoder: p.depthDecoder, head: p.segmentation,
                                              rng: RandomGenerator(seed: 2))
            var rng = RandomGenerator(seed: 3)
            let target = Tensor((0..<(2 * 32 * 64)).map { _ in Float(rng.nextInt(below: 19)) }, shape: [2, 32, 64])
            crossEntropy(logits: net(images(2, 32, 64)), target: target).backward()
            let unused = p.segmentation.layers.contains(9) ? Array(14...17) : Array(12...17)
            let dispHeads = unused.map { "segmentation.unet_dec.decoder.\($0)." }
            assertEveryParameterHasGradient(net) { name in dispHeads.contains { name.hasPrefix($0) } }
            for (name, p) in net.namedParameters() where dispHeads.contains(where: { name.hasPrefix($0) }) {
                XCTAssertNil(p.grad, name)
            }
        }
    }

    func testEveryParameterOfThePoseNetworkReceivesAGradient() throws {
        let pose = try PoseNetwork(config: .small(widthMultiplier: 0.25), rng: RandomGenerator(seed: 4))
        let p = pose([images(2, 64, 128, seed: 1), images(2, 64, 128, seed: 2)])
        (p.axisAngle.sum() + (p.translation * 2).sum()).backward()
        assertEveryParameterHasGradient(pose)
    }

    func testPoseOutputsAreTheScaledMeanOfTheLastConvolution() throws {
        let pose = try PoseNetwork(config: .small(widthMultiplier: 0.25), rng: RandomGenerator(seed: 4))
        pose.eval()
        let frames = [images(1, 32, 64, seed: 1), images(1, 32, 64, seed: 2)]
        let prediction = withoutGradients { pose(frames) }
        let raw = withoutGradients { () -> Tensor in
            let last = pose.poseEncoder(Tensor.concat(frames, axis: 1))[4]
            var x = pose.pose.net[0](last).relu()
            x = pose.pose.net[2](pose.pose.net[1](x).relu()).relu()
            return pose.pose.net[3](x)
        }
        let (h, w) = (raw.shape[2], raw.shape[3])
        for frame in 0..<2 {
            for k in 0..<6 {
                var sum: Double = 0
                for i in 0..<(h * w) { sum += Double(raw.data[(frame * 6 + k) * h * w + i]) }
                let expected = Float(0.01 * sum / Double(h * w))
                let got = k < 3 ? prediction.axisAngle.data[frame * 3 + k] : prediction.translation.data[frame * 3 + k - 3]
                XCTAssertEqual(got, expected, accuracy: 1e-6 + 1e-4 * abs(expected))
            }
        }
    }

    func testTrainingModePropagatesAndBatchNormStatisticsFollowIt() throws {
        let net = try DepthNetwork(encoder: profile.encoder, decoder: profile.depthDecoder, rng: RandomGenerator(seed: 5))
        XCTAssertTrue(net.namedModules().allSatisfy { $0.1.isTraining })
        net.eval()
        XCTAssertTrue(net.namedModules().allSatisfy { !$0.1.isTraining })
        let x = images(2, 32, 64)
        let running = net.encoder.encoder.bn1.runningMean
        let first = withoutGradients { net(x).output.disparities[0]! }.scalars
        XCTAssertEqual(running.scalars, Array(repeating: 0, count: running.count), "evaluation leaves statistics alone")
        XCTAssertEqual(withoutGradients { net(x).output.disparities[0]! }.scalars, first, "evaluation is deterministic")
        net.train()
        _ = withoutGradients { net(x) }
        XCTAssertTrue(running.scalars.contains { $0 != 0 })
        XCTAssertEqual(net.encoder.encoder.bn1.numBatchesTracked.item, 1)
    }

    func testDropoutIsSeededAndOffInEvaluation() throws {
        let make = { try DepthNetwork(encoder: self.profile.encoder, decoder: self.profile.depthDecoder,
                                      rng: RandomGenerator(seed: 6)) }
        let a = try make(), b = try make()
        let x = images(2, 32, 64)
        let ya = withoutGradients { a(x).output.disparities[0]! }.scalars
        XCTAssertEqual(ya, withoutGradients { b(x).output.disparities[0]! }.scalars, "same seed, same dropout masks")
        // The ASPP's dropout draws a new mask each call: a second pass differs, even
        // though the batch-norm statistics only enter the running buffers.
        XCTAssertNotEqual(ya, withoutGradients { a(x).output.disparities[0]! }.scalars)
    }

    func testInitialisationStatistics() throws {
        let encoder = try ResNetEncoder(config: ResNetSettings(depth: 18), rng: RandomGenerator(seed: 7))
        let w = encoder.encoder.layer4[1].stateDict()["conv2.weight"]!  // [512, 512, 3, 3]
        var sum = 0.0, sumSquares = 0.0
        for v in w.scalars {
            sum += Double(v)
            sumSquares += Double(v) * Double(v)
        }
        let n = Double(w.count)
        let mean = sum / n
        let std = (sumSquares / n - mean * mean).squareRoot()
        let expected: Double = (2.0 / (512.0 * 9.0)).squareRoot()
        XCTAssertEqual(std, expected, accuracy: 0.01 * expected)
        XCTAssertEqual(mean, 0, accuracy: 1e-4)

        let decoder = try DepthDecoder(config: .dec6, encoderChannels: ResNetSettings.paper.featureChannels,
                                       rng: RandomGenerator(seed: 8))
        let conv = decoder.secondBlocks[4].block.layers[0] as! Conv3x3  // 1280 -> 256, 3x3
        let bound = 1 / Float(1280 * 9).squareRoot()
        let wv = conv.conv.weight.scalars, bv = conv.conv.bias!.scalars
        XCTAssertTrue(wv.allSatisfy { abs($0) <= bound } && bv.allSatisfy { abs($0) <= bound })
        XCTAssertGreaterThan(wv.max()!, 0.99 * bound)
        XCTAssertLessThan(wv.min()!, -0.99 * bound)
    }

    func testDecoderRunsInTwoParts() throws {
        let net = try DepthNetwork(encoder: profile.encoder, decoder: profile.depthDecoder, rng: RandomGenerator(seed: 9))
        net.eval()
        let features = withoutGradients { net.encoder(images(2, 32, 64)) }
        let whole = withoutGradients { net.depth(features) }
        var parts = withoutGradients { net.depth.decode(features, stages: [4, 3, 2]) }
        XCTAssertEqual(parts.disparities.keys.sorted(), [2, 3])
        let rest = withoutGradients { net.depth.decode(features, from: parts.features[2]!, stages: [1, 0]) }
        parts.merge(rest)
        for i in 0...4 { XCTAssertEqual(parts.features[i]?.scalars, whole.features[i]?.scalars) }
        for s in 0...3 { XCTAssertEqual(parts.disparities[s]?.scalars, whole.disparities[s]?.scalars) }
        XCTAssertEqual(NetworkLayer.feature(7, encoder: features, decoder: whole).shape, whole.features[2]!.shape)
        XCTAssertEqual(NetworkLayer.feature(3, encoder: features, decoder: whole).shape, features[3].shape)
    }

    func testForwardBackwardTimeOfTheSmallProfile() throws {
        let net = try DepthNetwork(encoder: profile.encoder, decoder: profile.depthDecoder, rng: RandomGenerator(seed: 12))
        let x = images(2, 64, 128)
        var best = Double.infinity
        for _ in 0..<3 {
            for p in net.parameters() { p.zeroGrad() }
            let start = DispatchTime.now().uptimeNanoseconds
            let (_, out) = net(x)
            out.disparities.values.map { $0.mean() }.reduce(Tensor(scalar: 0), +).backward()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        print("small profile (\(profile.name)) encoder+decoder forward+backward, batch 2 at 128x64: \(best) s, \(net.parameterCount) parameters")
        XCTAssertLessThan(best, 5, "far slower than expected (target: well under 1 s on 2 cores)")
    }
}
