import DataPipeline
import Evaluation
import Networks
import SelfSupervisedDepth
import TensorEngine

/// Evaluation of networks on the validation split: segmentation scores from the
/// confusion matrix over all validation pixels, depth metrics averaged over images.
public enum Validation {
    /// Segmentation scores of `model` (evaluation mode, no gradients) on the first
    /// `limit` validation samples (all when nil).
    public static func segmentation(_ model: SegmentationModel, reader: ValidationReader, batchSize: Int = 2,
                                    limit: Int? = nil) throws -> SegmentationScores {
        model.setTraining(false)
        defer { model.setTraining(true) }
        var matrix = ConfusionMatrix()
        var rng = RandomGenerator(seed: 0)
        var images = 0
        for indices in reader.batches(batchSize: batchSize, limit: limit) {
            let batch = try reader.batch(indices)
            let predictions = withoutGradients { model.logits(batch.images, rng: &rng).argmax(axis: 1) }
            // Train ids as bytes (255 stays the ignore label).
            matrix.add(predicted: predictions.scalars.map { UInt8(clamping: Int($0)) },
                       groundTruth: batch.labels.scalars.map { UInt8(clamping: Int($0)) })
            images += indices.count
        }
        return matrix.scores(imageCount: images)
    }

    /// Depth errors of `network`'s full-resolution prediction (disparity to depth with
    /// the loss's range, median-scaled per image) on the first `limit` validation
    /// samples with depth ground truth; nil when the split has none.
    public static func depth(_ network: DepthNetwork, reader: ValidationReader, batchSize: Int = 2,
                             limit: Int? = nil, toDepth: DisparityToDepth = DisparityToDepth()) throws -> DepthErrors? {
        guard reader.readsDepth else { return nil }
        let wasTraining = network.isTraining
        network.eval()
        defer { network.train(wasTraining) }
        var images: [DepthErrors] = []
        for indices in reader.batches(batchSize: batchSize, limit: limit) {
            let batch = try reader.batch(indices)
            guard let truth = batch.depth else { continue }
            let predicted = withoutGradients { toDepth(network(batch.images).output.disparities[0]!).depth }
            let pixels = truth.count / indices.count
            for k in 0..<indices.count {
                let p = UnsafeBufferPointer(start: predicted.data + k * pixels, count: pixels)
                let g = UnsafeBufferPointer(start: truth.data + k * pixels, count: pixels)
                if let image = try DepthMetrics.evaluate(predicted: p, groundTruth: g) { images.append(image.errors) }
            }
        }
        return DepthErrors.mean(images)
    }

    /// Depth errors of a constant-depth predictor on the same images as `depth(...)`:
    /// after per-image median scaling its prediction is the median ground-truth depth
    /// everywhere, the reference a depth network must beat to have learned anything.
    /// nil when the split has no depth ground truth.
    public static func constantDepth(reader: ValidationReader, batchSize: Int = 2, limit: Int? = nil) throws -> DepthErrors? {
        guard reader.readsDepth else { return nil }
        var images: [DepthErrors] = []
        for indices in reader.batches(batchSize: batchSize, limit: limit) {
            let batch = try reader.batch(indices)
            guard let truth = batch.depth else { continue }
            let pixels = truth.count / indices.count
            let constant = [Float](repeating: 1, count: pixels)
            for k in 0..<indices.count {
                let g = UnsafeBufferPointer(start: truth.data + k * pixels, count: pixels)
                let image = try constant.withUnsafeBufferPointer { try DepthMetrics.evaluate(predicted: $0, groundTruth: g) }
                if let image { images.append(image.errors) }
            }
        }
        return DepthErrors.mean(images)
    }
}
