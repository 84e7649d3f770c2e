import TensorEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-image score of 'ent': the mean pixel-wise entropy of a segmentation student's
/// prediction (reference: loss/loss.py `pixel_wise_entropy` and label_selection.py
/// `acquire_scores` with entropy_lambda 1, depth_lambda 0).
///
/// With p = softmax of the logits over the C classes at a pixel,
///
///     entropy = -sum_c p_c log2(p_c + 1e-30) / log2(C)     (in [0, 1])
///     score   = mean of entropy over the image's H x W pixels
public enum SegmentationEntropy {
    /// The score of each image of `logits` [N, C, H, W]; returns N values in [0, 1].
    public static func scores(logits: Tensor) -> [Float] {
        precondition(logits.rank == 4 && logits.shape[1] >= 2,
                     "SegmentationEntropy: logits must be [N, C, H, W] with C >= 2, got \(logits.shape)")
        let (n, c, plane) = (logits.shape[0], logits.shape[1], logits.shape[2] * logits.shape[3])
        let normaliser = Float(log2(Double(c)))
        var result = [Float](repeating: 0, count: n)
        result.withUnsafeMutableBufferPointer { out in
            let out = out
            Parallel.forEachChunk(n, grain: 1) { _, range in
                for image in range {
                    let base = logits.data + image * c * plane
                    var sum = 0.0
                    for pixel in 0..<plane {
                        var largest = -Float.infinity
                        for k in 0..<c { largest = max(largest, base[k * plane + pixel]) }
                        var total: Float = 0
                        for k in 0..<c { total += expf(base[k * plane + pixel] - largest) }
                        var entropy: Float = 0
                        for k in 0..<c {
                            let probability = expf(base[k * plane + pixel] - largest) / total
                            entropy -= probability * log2f(probability + 1e-30)
                        }
                        sum += Double(entropy / normaliser)
                    }
                    out[image] = plane > 0 ? Float(sum / Double(plane)) : 0
                }
            }
        }
        return result
    }
}
