/// Batch normalisation over the channel axis (axis 1), as torch.nn.functional.batch_norm.
extension Tensor {
    /// Normalises each channel of `self` ([N, C, H, W], [N, C] or any [N, C, ...]) and
    /// applies the per-channel affine map: y = (x - mean) / sqrt(var + eps) * weight + bias.
    ///
    /// - Parameters:
    ///   - weight, bias: [C] (gamma, beta); nil means 1 and 0 (affine = False).
    ///   - runningMean, runningVar: [C] buffers (not trainable).
    ///   - training: true uses the batch's statistics over N and the spatial axes (biased
    ///     variance for normalising) and updates the running buffers in place with
    ///     running = (1 - momentum) running + momentum batch, using the UNBIASED
    ///     variance for runningVar; this happens even inside `withoutGradients`.
    ///     false normalises with the running buffers and leaves them untouched.
    /// - Returns: a tensor of the input's shape.
    ///
    /// Equivalent to `F.batch_norm(x, running_mean, running_var, weight, bias, training,
    /// momentum, eps)`. Statistics are accumulated per channel in Float64, one channel per
    /// thread, so results do not depend on the thread count. Training mode needs more than
    /// one value per channel. Gradients flow to `self`, `weight` and `bias` in both modes
    /// (in eval mode the operation is a per-channel affine map of x).
    public func batchNorm(weight: Tensor?, bias: Tensor?, runningMean: Tensor, runningVar: Tensor,
                          training: Bool, momentum: Float = 0.1, eps: Float = 1e-5) -> Tensor {
        precondition(rank >= 2, "batchNorm: input must be [N, C, ...], got \(shape)")
        let layout = BatchNormLayout(shape: shape)
        let c = layout.channels
        precondition(runningMean.count == c && runningVar.count == c,
                     "batchNorm: running stats \(runningMean.shape), \(runningVar.shape) for \(c) channels")
        if let weight { precondition(weight.count == c, "batchNorm: weight \(weight.shape) for \(c) channels") }
        if let bias { precondition(bias.count == c, "batchNorm: bias \(bias.shape) for \(c) channels") }

        var mean = [Double](repeating: 0, count: c)
        var invStd = [Double](repeating: 0, count: c)
        if training {
            let m = layout.perChannel
            precondition(m > 1, "batchNorm: training needs more than one value per channel, input \(shape)")
            var variance = [Double](repeating: 0, count: c)
            layout.statistics(data, mean: &mean, variance: &variance)
            let mom = Double(momentum)
            for ch in 0..<c {
                let unbiased = variance[ch] * Double(m) / Double(m - 1)
                runningMean.data[ch] = Float((1 - mom) * Double(runningMean.data[ch]) + mom * mean[ch])
                runningVar.data[ch] = Float((1 - mom) * Double(runningVar.data[ch]) + mom * unbiased)
                invStd[ch] = 1 / (variance[ch] + Double(eps)).squareRoot()
            }
        } else {
            for ch in 0..<c {
                mean[ch] = Double(runningMean.data[ch])
                invStd[ch] = 1 / (Double(runningVar.data[ch]) + Double(eps)).squareRoot()
            }
        }

        let out = Tensor(uninitializedShape: shape)
        layout.affine(data, out.data, mean: mean, invStd: invStd, weight: weight?.data, bias: bias?.data)

        var inputs = [self]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
        let x = self
        return Tensor.record("batchNorm", output: out, inputs: inputs) { g in
            let wantsAffine = (weight?.requiresGrad ?? false) || (bias?.requiresGrad ?? false)
            // Per channel: sum(g) and sum(g (x - mean)).
            var sumG = [Double](repeating: 0, count: c), sumGX = [Double](repeating: 0, count: c)
            if training || wantsAffine { layout.gradientSums(g.data, x.data, mean: mean, sumG: &sumG, sumGX: &sumGX) }
            if let weight, weight.requiresGrad {
                let gw = Tensor(uninitializedShape: weight.shape)
                for ch in 0..<c { gw.data[ch] = Float(sumGX[ch] * invStd[ch]) }
                weight.accumulateGrad(gw, fresh: true)
            }
            if let bias, bias.requiresGrad {
                let gb = Tensor(uninitializedShape: bias.shape)
                for ch in 0..<c { gb.data[ch] = Float(sumG[ch]) }
                bias.accumulateGrad(gb, fresh: true)
            }
            guard x.requiresGrad else { return }
            // gx = a (g - sum(g)/m) + d (x - mean); a = w invStd; in training
            // d = -a invStd^2 sum(g (x - mean)) / m, in eval mode centring is skipped (d = 0).
            var a = [Double](repeating: 0, count: c), centreG = [Double](repeating: 0, count: c)
            var d = [Double](repeating: 0, count: c)
            let m = Double(layout.perChannel)
            for ch in 0..<c {
                a[ch] = Double(weight?.data[ch] ?? 1) * invStd[ch]
                if training {
                    centreG[ch] = sumG[ch] / m
                    d[ch] = -a[ch] * invStd[ch] * invStd[ch] * sumGX[ch] / m
                }
            }
            let gx = Tensor(uninitializedShape: x.shape)
            layout.inputGradient(g.data, x.data, gx.data, mean: mean, a: a, centreG: centreG, d: d)
            x.accumulateGrad(gx, fresh: true)
        }
    }
}

/// A tensor [N, C, S...] seen as N x C runs of `spatial` contiguous values; every loop
/// gives each channel to one thread, visiting its runs in image order.
struct BatchNormLayout {
    let batch: Int, channels: Int, spatial: Int

    init(shape: [Int]) {
        batch = shape[0]
        channels = shape[1]
        spatial = shape[2...].reduce(1, *)
    }

    /// Values per channel (N times the spatial size).
    var perChannel: Int { batch * spatial }

    /// Runs `body(channel)` for every channel, split over threads by channel.
    func forEachChannel(_ body: (Int) -> Void) {
        let grain = Swift.max(1, Parallel.minimumGrain / Swift.max(perChannel, 1))
        Parallel.forEachChunk(channels, grain: grain) { _, range in
            for ch in range { body(ch) }
        }
    }

    /// Offset of the run of image `n`, channel `ch`.
    @inline(__always) func run(_ n: Int, _ ch: Int) -> Int { (n * channels + ch) * spatial }

    /// Batch mean and biased variance per channel (two passes, Float64).
    func statistics(_ x: UnsafePointer<Float>, mean: inout [Double], variance: inout [Double]) {
        mean.withUnsafeMutableBufferPointer { meanP in
            variance.withUnsafeMutableBufferPointer { varP in
                let meanP = meanP.baseAddress!, varP = varP.baseAddress!
                forEachChannel { ch in
                    var total = 0.0
                    for n in 0..<batch { total += Kernels.sumSerial(x + run(n, ch), spatial) }
                    let mu = total / Double(perChannel)
                    var squares = 0.0
                    for n in 0..<batch {
                        squares += BatchNormSums.centredSquares(x + run(n, ch), spatial, mean: mu)
                    }
                    meanP[ch] = mu
                    varP[ch] = squares / Double(perChannel)
                }
            }
        }
    }

    /// y = (x - mean) invStd weight + bias per channel.
    func affine(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, mean: [Double],
                invStd: [Double], weight: UnsafePointer<Float>?, bias: UnsafePointer<Float>?) {
        forEachChannel { ch in
            let mu = Float(mean[ch])
            let scale = Float(Double(weight?[ch] ?? 1) * invStd[ch])
            let shift = bias?[ch] ?? 0
            for n in 0..<batch {
                let src = x + run(n, ch), dst = y + run(n, ch)
                for i in 0..<spatial { dst[i] = (src[i] - mu) * scale + shift }
            }
        }
    }

    /// Per channel sum(g) and sum(g (x - mean)), in Float64.
    func gradientSums(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, mean: [Double],
                      sumG: inout [Double], sumGX: inout [Double]) {
        sumG.withUnsafeMutableBufferPointer { sgP in
            sumGX.withUnsafeMutableBufferPointer { sgxP in
                let sgP = sgP.baseAddress!, sgxP = sgxP.baseAddress!
                forEachChannel { ch in
                    var sg = 0.0, sgx = 0.0
                    for n in 0..<batch {
                        let (a, b) = BatchNormSums.gradientSums(g + run(n, ch), x + run(n, ch), spatial, mean: mean[ch])
                        sg += a
                        sgx += b
                    }
                    sgP[ch] = sg
                    sgxP[ch] = sgx
                }
            }
        }
    }

    /// gx = a (g - centreG) + d (x - mean) per channel.
    func inputGradient(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>,
                       mean: [Double], a: [Double], centreG: [Double], d: [Double]) {
        forEachChannel { ch in
            let mu = Float(mean[ch]), af = Float(a[ch]), cg = Float(centreG[ch]), df = Float(d[ch])
            for n in 0..<batch {
                let o = run(n, ch)
                let gp = g + o, xp = x + o, out = gx + o
                for i in 0..<spatial { out[i] = af * (gp[i] - cg) + df * (xp[i] - mu) }
            }
        }
    }
}

/// Float64 sums over a contiguous run in 8 interleaved lanes (vectorises, fixed order).
enum BatchNormSums {
    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Double> {
        SIMD8<Double>(UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self))
    }

    /// sum((x - mean)^2).
    static func centredSquares(_ x: UnsafePointer<Float>, _ count: Int, mean: Double) -> Double {
        var lanes = SIMD8<Double>()
        let mu = SIMD8<Double>(repeating: mean)
        var i = 0
        while i + 8 <= count {
            let v = load8(x + i) - mu
            lanes += v * v
            i += 8
        }
        var total = lanes.sum()
        while i < count { let v = Double(x[i]) - mean; total += v * v; i += 1 }
        return total
    }

    /// (sum(g), sum(g (x - mean))).
    static func gradientSums(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ count: Int,
                             mean: Double) -> (Double, Double) {
        var sg = SIMD8<Double>(), sgx = SIMD8<Double>()
        let mu = SIMD8<Double>(repeating: mean)
        var i = 0
        while i + 8 <= count {
            let gv = load8(g + i)
            sg += gv
            sgx += gv * (load8(x + i) - mu)
            i += 8
        }
        var a = sg.sum(), b = sgx.sum()
        while i < count {
            let gv = Double(g[i])
            a += gv
            b += gv * (Double(x[i]) - mean)
            i += 1
        }
        return (a, b)
    }
}
