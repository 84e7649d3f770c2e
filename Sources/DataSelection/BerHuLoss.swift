import TensorEngine

/// The BerHu (reverse Huber) loss with which the selection student regresses the depth
/// teacher's disparity (reference: loss/loss.py `berhu`, called in train.py as
/// `berhu(outputs["disp", 0], inputs["pseudo_depth"], depth_loss_mask)`):
///
///     a = |target - prediction| * mask                 (elementwise)
///     c = 0.2 * max(a)                                  (one number for the whole batch)
///     loss = mean( a            where a <= c
///                  (a^2 + c^2) / (2c) elsewhere )       (over all N x 1 x H x W elements)
///
/// The quantities are disparities, unitless in [0, 1]: the student's sigmoid disparity
/// at scale 0 and the teacher's pseudo-depth, which the reference stores per frame
/// normalised to [0, 1] (min-max of the teacher's sigmoid disparity, 8-bit). Masked
/// elements contribute 0 but still count in the mean. c is a constant (the reference takes
/// it with `.item()`), so gradients flow through `a` only: sign(prediction - target) *
/// mask where a <= c, and a / c times that elsewhere. With `applyLog` both inputs are
/// first mapped to log(1 + x) (the reference's `pseudo_depth_loss_log`, false in
/// experiment 211 and in the paper's training).
public struct BerHuLoss: Equatable, Sendable {
    /// c as a fraction of the largest masked absolute difference (0.2).
    public static let threshold: Float = 0.2
    /// Whether to compare log(1 + x) instead of x.
    public var applyLog: Bool

    public init(applyLog: Bool = false) {
        self.applyLog = applyLog
    }

    /// The scalar loss of `prediction` against `target` (both [N, 1, H, W] disparities)
    /// where `mask` (broadcastable to them: 1 = valid, 0 = ignored) allows.
    ///
    /// When every masked difference is 0, c is 0 and the loss is 0 with zero gradients
    /// (the reference's formula divides 0 by 0 there and back-propagates NaN).
    public func callAsFunction(prediction: Tensor, target: Tensor, mask: Tensor) -> Tensor {
        precondition(prediction.shape == target.shape,
                     "BerHuLoss: prediction \(prediction.shape) and target \(target.shape) differ")
        let (input, reference) = applyLog ? ((prediction + 1).log(), (target + 1).log()) : (prediction, target)
        let absolute = (reference - input).abs() * mask
        precondition(absolute.shape == prediction.shape,
                     "BerHuLoss: mask \(mask.shape) does not broadcast to \(prediction.shape)")
        let largest = BerHuLoss.maximum(absolute)
        let cutoff = Double(BerHuLoss.threshold) * Double(largest)
        guard cutoff > 0 else { return absolute.mean() }
        let c = Float(cutoff)
        let linear = Tensor(uninitializedShape: absolute.shape)
        let values = absolute.data, flags = linear.data
        for i in 0..<absolute.count { flags[i] = values[i] <= c ? 1 : 0 }
        let quadratic = (absolute * absolute + Float(cutoff * cutoff)) / Float(2 * cutoff)
        return (linear * absolute + (1 - linear) * quadratic).mean()
    }

    /// The reference's validity mask [N, 1, H, W]: 1 everywhere except the bottom rows
    /// from Int(0.9 H) on (the ego car's bonnet), which are 0.
    public static func ownCarMask(batch: Int, height: Int, width: Int) -> Tensor {
        let mask = Tensor.ones([batch, 1, height, width])
        let firstMasked = Int(0.9 * Double(height))
        let plane = height * width
        for n in 0..<batch {
            let start = n * plane + firstMasked * width
            (mask.data + start).update(repeating: 0, count: plane - firstMasked * width)
        }
        return mask
    }

    /// The largest value of a tensor (0 for an empty one).
    private static func maximum(_ x: Tensor) -> Float {
        var largest: Float = 0
        let values = x.data
        for i in 0..<x.count where values[i] > largest { largest = values[i] }
        return largest
    }
}
