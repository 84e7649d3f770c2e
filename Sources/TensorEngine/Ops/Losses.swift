/// Pixel-wise cross entropy between class logits and integer class targets, as
/// torch.nn.functional.cross_entropy(logits, target, ignore_index=ignoreIndex).
///
/// - Parameters:
///   - logits: [N, C, H, W] (or [N, C], or any [N, C, ...]): unnormalised class scores.
///   - target: class indices stored as Float, shape [N, H, W] ([N] for [N, C] logits).
///     Every value must be an integer in 0..<C or equal to `ignoreIndex`; anything else
///     is a precondition failure naming the value and its position.
///   - ignoreIndex: the label of pixels that contribute nothing (loss 0, gradient 0).
///   - pixelWeights: optional per-pixel weights, shape of `target`, treated as constants
///     (no gradient); each pixel's loss is multiplied by its weight before reducing.
///     (Unlike the reference, NaN weights are not skipped: they propagate.)
///   - reduction: with per-pixel loss l_i = w_i * (logsumexp(logits_i) - logits_i[t_i])
///     (w_i = 1 without weights, l_i = 0 at ignored pixels):
///     `.none` returns l ([N, H, W]); `.sum` returns sum(l);
///     `.mean` without weights returns sum(l) / (number of non-ignored pixels), as PyTorch
///     (0, not PyTorch's NaN, when every pixel is ignored); `.mean` WITH weights returns
///     sum(l) / (number of ALL pixels, ignored ones included), exactly as the paper's
///     reference `cross_entropy2d(input, target, pixel_weights=w)` (loss/loss.py: per-pixel
///     F.cross_entropy with reduction='none', times the weights, then torch.mean).
/// - Returns: a scalar for `.sum`/`.mean`, else a tensor shaped like `target`.
///
/// Gradients flow to `logits` only. Log-sum-exp is max-subtracted; sums are in Float64.
public func crossEntropy(logits: Tensor, target: Tensor, ignoreIndex: Int = 255,
                         pixelWeights: Tensor? = nil, reduction: LossReduction = .mean) -> Tensor {
    precondition(logits.rank >= 2 && logits.shape[1] > 0,
                 "crossEntropy: logits must be [N, C, ...] with C > 0, got \(logits.shape)")
    let expected = [logits.shape[0]] + logits.shape[2...]
    precondition(target.shape == expected,
                 "crossEntropy: target \(target.shape) for logits \(logits.shape); expected \(expected)")
    if let pixelWeights {
        precondition(pixelWeights.shape == target.shape,
                     "crossEntropy: pixelWeights \(pixelWeights.shape) for target \(target.shape)")
    }
    let tiles = AxisTiles(outer: logits.shape[0], extent: logits.shape[1], inner: target.count / Swift.max(logits.shape[0], 1))
    let classes = CrossEntropyTargets(target, classes: tiles.extent, ignoreIndex: ignoreIndex)

    // Per pixel: max logit and log-sum-exp of the shifted logits (both kept for the
    // backward pass), then the weighted loss.
    let pixels = target.count
    let maxLogit = Tensor(uninitializedShape: [pixels]), logSum = Tensor(uninitializedShape: [pixels])
    let perPixel = Tensor(uninitializedShape: target.shape)
    let x = logits.data, mxP = maxLogit.data, lsP = logSum.data
    let lossP = perPixel.data, weightP = pixelWeights?.data
    classes.indices.withUnsafeBufferPointer { tp in
        let t = tp.baseAddress!
        tiles.forEach { base, lanes, scratch in
            let p0 = tiles.pixel(base: base)
            tiles.logSumExp(x + base, lanes, max: mxP + p0, logSum: lsP + p0)
            for l in 0..<lanes {
                let cls = Int(t[p0 + l])
                let nll = cls < 0 ? 0 : lsP[p0 + l] - (x[base + cls * tiles.inner + l] - mxP[p0 + l])
                lossP[p0 + l] = weightP.map { cls < 0 ? 0 : $0[p0 + l] * nll } ?? nll
            }
        }
    }

    let out: Tensor
    let scale: Float // d out / d l_i for the scalar reductions
    switch reduction {
    case .none:
        out = perPixel
        scale = 1
    case .sum:
        out = Tensor(scalar: Float(Kernels.sumSerial(lossP, pixels)))
        scale = 1
    case .mean:
        let denominator = pixelWeights == nil ? classes.validCount : pixels
        let total = Kernels.sumSerial(lossP, pixels)
        out = Tensor(scalar: denominator == 0 ? 0 : Float(total / Double(denominator)))
        scale = denominator == 0 ? 0 : 1 / Float(denominator)
    }

    let weightsTensor = pixelWeights
    return Tensor.record("crossEntropy", output: out, inputs: [logits]) { g in
        // gx[k] = c_i (softmax_k - [k == t_i]), c_i = upstream_i * w_i * scale (0 if ignored).
        let gx = Tensor(uninitializedShape: logits.shape)
        // Pointers taken here, so the closure keeps the saved tensors alive.
        let gp = g.data, gxp = gx.data, w = weightsTensor?.data, x = logits.data
        let mxP = maxLogit.data, lsP = logSum.data
        let perPixelUpstream = reduction == .none
        classes.indices.withUnsafeBufferPointer { tp in
            let t = tp.baseAddress!
            tiles.forEach { base, lanes, scratch in
                let p0 = tiles.pixel(base: base)
                let coef = scratch
                for l in 0..<lanes {
                    let upstream = perPixelUpstream ? gp[p0 + l] : gp[0] * scale
                    let weight = w?[p0 + l] ?? 1
                    coef[l] = t[p0 + l] < 0 ? 0 : upstream * weight
                }
                let mr = mxP + p0, lr = lsP + p0
                for k in 0..<tiles.extent {
                    let o = base + k * tiles.inner
                    let xr = x + o, out = gxp + o
                    for l in 0..<lanes { out[l] = coef[l] * FastMath.exp((xr[l] - mr[l]) - lr[l]) }
                }
                for l in 0..<lanes where t[p0 + l] >= 0 {
                    gxp[base + Int(t[p0 + l]) * tiles.inner + l] -= coef[l]
                }
            }
        }
        logits.accumulateGrad(gx, fresh: true)
    }
}

/// Targets checked and converted to class numbers (-1 for ignored pixels).
struct CrossEntropyTargets {
    let indices: [Int32]
    let validCount: Int

    init(_ target: Tensor, classes: Int, ignoreIndex: Int) {
        var indices = [Int32](repeating: -1, count: target.count)
        var valid = 0
        for i in 0..<target.count {
            let v = target.data[i]
            if v == Float(ignoreIndex) { continue }
            precondition(v >= 0 && v < Float(classes) && v == v.rounded(),
                         "crossEntropy: target value \(v) at index \(i) is not a class in 0..<\(classes) "
                         + "nor the ignore index \(ignoreIndex)")
            indices[i] = Int32(v)
            valid += 1
        }
        self.indices = indices
        validCount = valid
    }
}
