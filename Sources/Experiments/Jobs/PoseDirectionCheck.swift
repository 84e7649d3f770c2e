import CityscapesData
import DataPipeline
import Foundation
import Networks
import TensorEngine

/// Whether the pose network's predicted motion points the way the camera really moved,
/// on validation samples with SynthCity's ground-truth poses
/// (ROOT/synthcity/{split}/{city}/{stem}_pose.json, camera-to-world, z forward).
///
/// For the pair (frame 0, frame +1) the network predicts T mapping frame-0 camera
/// coordinates to frame +1's, so a camera that moves forward by d metres gives t_z = -d.
/// A sample agrees when sign(t_z) = -sign(d); samples moving less than `minimumMotion`
/// metres are skipped (stationary cameras have no direction).
public enum PoseDirectionCheck {
    public struct Result: Equatable, Sendable {
        /// Samples with enough ground-truth motion, and those whose direction agrees.
        public var moving: Int
        public var agreeing: Int
    }

    /// Checks the first `limit` validation samples; nil when the tree has no pose files.
    public static func run(pose: PoseNetwork, dataRoot: String, limit: Int = 100,
                           minimumMotion: Double = 0.05) throws -> Result? {
        let index = try SampleIndex(root: dataRoot, split: .val)
        guard index.count > 0,
              FileManager.default.fileExists(atPath: index.layout.pose(index.frames[0], split: .val)) else { return nil }
        let reader = try SampleReader(index: index, frameOffsets: [0, 1], augmentation: .none)
        let wasTraining = pose.isTraining
        pose.eval()
        defer { pose.train(wasTraining) }
        var result = Result(moving: 0, agreeing: 0)
        for i in 0..<min(limit, index.count) {
            guard let forward = try groundTruthForwardMotion(index.layout.pose(index.frames[i], split: .val)),
                  abs(forward) >= minimumMotion else { continue }
            var rng = RandomGenerator(seed: 0)
            let sample = try reader.sample(i, loadLabels: false, rng: &rng)
            let shape = [1, 3, sample.height, sample.width]
            let prediction = withoutGradients {
                pose([Tensor(sample.colors[0]!, shape: shape), Tensor(sample.colors[1]!, shape: shape)])
            }
            let tz = prediction.translation.scalars[2] // first predicted frame, z
            result.moving += 1
            if (tz < 0) == (forward > 0) { result.agreeing += 1 }
        }
        return result
    }

    /// The z component (metres) of frame +1's camera position in frame 0's camera
    /// coordinates; nil when the file lacks either frame.
    static func groundTruthForwardMotion(_ path: String) throws -> Double? {
        guard let data = FileManager.default.contents(atPath: path),
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let frames = json["frames"] as? [String: [[Double]]],
              let p0 = frames["0"], let p1 = frames["1"], p0.count >= 3, p1.count >= 3 else { return nil }
        // c = R0^T (t1 - t0); its third component.
        let dt = (0..<3).map { p1[$0][3] - p0[$0][3] }
        return (0..<3).reduce(0) { $0 + p0[$1][2] * dt[$1] }
    }
}
