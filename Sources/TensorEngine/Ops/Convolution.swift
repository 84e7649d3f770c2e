/// 2-D convolution (cross-correlation, as PyTorch) on OpenBLAS.
extension Tensor {
    /// Convolves `self` ([N, Cin, H, W]) with `weight` ([Cout, Cin, kh, kw]) and adds
    /// `bias` ([Cout]) when given; returns [N, Cout, Ho, Wo] with
    /// Ho = floor((H + 2 padding - dilation (kh - 1) - 1) / stride) + 1.
    /// Equivalent to torch.nn.functional.conv2d with groups = 1.
    public func conv2d(_ weight: Tensor, bias: Tensor? = nil, stride: Int = 1,
                       padding: Int = 0, dilation: Int = 1) -> Tensor {
        conv2d(weight, bias: bias, stride: (stride, stride), padding: (padding, padding),
               dilation: (dilation, dilation))
    }

    /// As `conv2d(_:bias:stride:padding:dilation:)` with separate (y, x) settings.
    public func conv2d(_ weight: Tensor, bias: Tensor?, stride: (Int, Int),
                       padding: (Int, Int), dilation: (Int, Int)) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[1] == shape[1],
                     "conv2d: input \(shape) with weight \(weight.shape)")
        if let bias { precondition(bias.count == weight.shape[0], "conv2d: bias \(bias.shape) for weight \(weight.shape)") }
        let g = ConvGeometry(inHeight: shape[2], inWidth: shape[3],
                             kernelHeight: weight.shape[2], kernelWidth: weight.shape[3],
                             strideY: stride.0, strideX: stride.1, padY: padding.0, padX: padding.1,
                             dilationY: dilation.0, dilationX: dilation.1)
        precondition(g.outHeight > 0 && g.outWidth > 0, "conv2d: kernel larger than padded input \(shape)")
        let plan = ConvPlan(batch: shape[0], inChannels: shape[1], outChannels: weight.shape[0], geometry: g)
        let direct = DirectConvPlan(batch: shape[0], inChannels: shape[1], outChannels: weight.shape[0], geometry: g)
        if direct.chosen { return directConv2d(plan: direct, fallback: plan, weight: weight, bias: bias) }
        let cols = plan.columns(of: self)
        let out = plan.forward(cols: cols, weight: weight, bias: bias)
        var inputs = [self, weight]
        if let bias { inputs.append(bias) }
        let x = self
        return Tensor.record("conv2d", output: out, inputs: inputs) { gOut in
            let gathered = plan.gatherOutputGradient(gOut)
            if weight.requiresGrad { weight.accumulateGrad(plan.weightGradient(cols: cols, gOut: gathered)) }
            if let bias, bias.requiresGrad { bias.accumulateGrad(plan.biasGradient(gOut)) }
            if x.requiresGrad { x.accumulateGrad(plan.inputGradient(weight: weight, gOut: gathered)) }
        }
    }
}

extension Tensor {
    /// conv2d on the direct kernels: the padded input is kept for the weight gradient;
    /// strided layers compute their input gradient on the GEMM path (`fallback`).
    func directConv2d(plan: DirectConvPlan, fallback: ConvPlan, weight: Tensor, bias: Tensor?) -> Tensor {
        let xp = plan.paddedInput(self)
        let out = plan.forward(padded: xp, weight: weight, bias: bias)
        var inputs = [self, weight]
        if let bias { inputs.append(bias) }
        let x = self
        return Tensor.record("conv2d", output: out, inputs: inputs) { gOut in
            if weight.requiresGrad { weight.accumulateGrad(plan.weightGradient(padded: xp, gOut: gOut), fresh: true) }
            if let bias, bias.requiresGrad { bias.accumulateGrad(fallback.biasGradient(gOut), fresh: true) }
            if x.requiresGrad {
                let gx = plan.inputGradient(weight: weight, gOut: gOut)
                    ?? fallback.inputGradient(weight: weight, gOut: fallback.gatherOutputGradient(gOut))
                x.accumulateGrad(gx, fresh: true)
            }
        }
    }
}

/// How one convolution call maps onto matrix products.
///
/// Small maps put every image of the batch side by side in one column matrix
/// [K, N * P] (K = Cin kh kw, P = Ho Wo) so each product is large enough for BLAS to run
/// near its peak; large maps use one product per image and write the output in place.
struct ConvPlan {
    let batch: Int, inChannels: Int, outChannels: Int
    let geometry: ConvGeometry
    /// Below this many output pixels per image, images share one product.
    static let batchedBelowPixels = 8192

    var pixels: Int { geometry.outHeight * geometry.outWidth }
    var depth: Int { inChannels * geometry.taps }
    var batched: Bool { batch > 1 && pixels < ConvPlan.batchedBelowPixels }
    /// Row stride of the column matrix.
    var ld: Int { batched ? batch * pixels : pixels }

    /// The column matrix (or matrices) of the input. For pointwise convolutions run per
    /// image, the input itself is the column matrix and is returned without a copy.
    func columns(of x: Tensor) -> Tensor {
        if geometry.isPointwise && !batched { return x }
        let cols = Tensor(uninitializedShape: batched ? [depth, batch * pixels] : [batch, depth, pixels])
        let imageSize = inChannels * geometry.inHeight * geometry.inWidth
        for n in 0..<batch {
            Im2Col.expand(x.data + n * imageSize, channels: inChannels, geometry: geometry,
                          into: cols.data + (batched ? 0 : n * depth * pixels), ld: ld,
                          columnOffset: batched ? n * pixels : 0)
        }
        return cols
    }

    /// Output [N, Cout, Ho, Wo] = W x cols (+ bias).
    func forward(cols: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        let out = Tensor(uninitializedShape: [batch, outChannels, geometry.outHeight, geometry.outWidth])
        if batched {
            let product = Tensor(uninitializedShape: [outChannels, batch * pixels])
            BLAS.sgemm(m: outChannels, n: batch * pixels, k: depth, a: weight.data, lda: depth,
                       b: cols.data, ldb: ld, c: product.data, ldc: ld)
            scatterToImages(product.data, out.data, bias: bias)
        } else {
            for n in 0..<batch {
                BLAS.sgemm(m: outChannels, n: pixels, k: depth, a: weight.data, lda: depth,
                           b: cols.data + n * depth * pixels, ldb: pixels,
                           c: out.data + n * outChannels * pixels, ldc: pixels)
            }
            if let bias { addBias(out.data, bias: bias.data) }
        }
        return out
    }

    /// [Cout, N*P] product -> [N, Cout, P] output, adding the bias on the way.
    private func scatterToImages(_ product: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                                 bias: Tensor?) {
        let p = pixels, n = batch, cout = outChannels
        let b = bias?.data
        Parallel.forEachChunk(cout * n, grain: Swift.max(1, Parallel.minimumGrain / p)) { _, range in
            for job in range {
                let co = job / n, img = job % n
                let src = product + co * n * p + img * p
                let dst = out + (img * cout + co) * p
                if let b {
                    let v = b[co]
                    for i in 0..<p { dst[i] = src[i] + v }
                } else {
                    dst.update(from: src, count: p)
                }
            }
        }
    }

    private func addBias(_ out: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>) {
        let p = pixels, cout = outChannels
        Parallel.forEachChunk(batch * cout, grain: Swift.max(1, Parallel.minimumGrain / p)) { _, range in
            for job in range {
                let v = bias[job % cout]
                let dst = out + job * p
                for i in 0..<p { dst[i] += v }
            }
        }
    }

    /// The output gradient in the layout of the product: [Cout, N*P] when batched,
    /// else the [N, Cout, P] gradient itself.
    func gatherOutputGradient(_ g: Tensor) -> Tensor {
        guard batched else { return g }
        let p = pixels, n = batch, cout = outChannels
        let out = Tensor(uninitializedShape: [cout, n * p])
        let src = g.data, dst = out.data
        Parallel.forEachChunk(cout * n, grain: Swift.max(1, Parallel.minimumGrain / p)) { _, range in
            for job in range {
                let co = job / n, img = job % n
                (dst + co * n * p + img * p).update(from: src + (img * cout + co) * p, count: p)
            }
        }
        return out
    }

    /// dW [Cout, Cin, kh, kw] = gOut x cols^T, summed over images.
    func weightGradient(cols: Tensor, gOut: Tensor) -> Tensor {
        let gw = Tensor(uninitializedShape: [outChannels, inChannels, geometry.kernelHeight, geometry.kernelWidth])
        if batched {
            BLAS.sgemm(transB: true, m: outChannels, n: depth, k: batch * pixels,
                       a: gOut.data, lda: ld, b: cols.data, ldb: ld, c: gw.data, ldc: depth)
        } else {
            for n in 0..<batch {
                BLAS.sgemm(transB: true, m: outChannels, n: depth, k: pixels,
                           a: gOut.data + n * outChannels * pixels, lda: pixels,
                           b: cols.data + n * depth * pixels, ldb: pixels,
                           beta: n == 0 ? 0 : 1, c: gw.data, ldc: depth)
            }
        }
        return gw
    }

    /// dBias [Cout]: the output gradient summed over images and pixels (Float64).
    func biasGradient(_ g: Tensor) -> Tensor {
        let gb = Tensor(uninitializedShape: [outChannels])
        let p = pixels
        for co in 0..<outChannels {
            var s = 0.0
            for n in 0..<batch { s += Kernels.sumSerial(g.data + (n * outChannels + co) * p, p) }
            gb.data[co] = Float(s)
        }
        return gb
    }

    /// dX [N, Cin, H, W] = col2im(W^T x gOut).
    func inputGradient(weight: Tensor, gOut: Tensor) -> Tensor {
        let imageSize = inChannels * geometry.inHeight * geometry.inWidth
        let gx = Tensor(uninitializedShape: [batch, inChannels, geometry.inHeight, geometry.inWidth])
        if geometry.isPointwise && !batched {
            for n in 0..<batch {
                BLAS.sgemm(transA: true, m: inChannels, n: pixels, k: outChannels,
                           a: weight.data, lda: depth, b: gOut.data + n * outChannels * pixels, ldb: pixels,
                           c: gx.data + n * imageSize, ldc: pixels)
            }
            return gx
        }
        gx.data.update(repeating: 0, count: gx.count)
        let colCount = batched ? batch * pixels : pixels
        let gcols = Tensor(uninitializedShape: [depth, colCount])
        if batched {
            BLAS.sgemm(transA: true, m: depth, n: colCount, k: outChannels,
                       a: weight.data, lda: depth, b: gOut.data, ldb: ld, c: gcols.data, ldc: colCount)
            for n in 0..<batch {
                Im2Col.accumulate(gcols.data, ld: colCount, columnOffset: n * pixels,
                                  channels: inChannels, geometry: geometry, into: gx.data + n * imageSize)
            }
        } else {
            for n in 0..<batch {
                BLAS.sgemm(transA: true, m: depth, n: pixels, k: outChannels,
                           a: weight.data, lda: depth, b: gOut.data + n * outChannels * pixels, ldb: pixels,
                           c: gcols.data, ldc: pixels)
                Im2Col.accumulate(gcols.data, ld: pixels, columnOffset: 0,
                                  channels: inChannels, geometry: geometry, into: gx.data + n * imageSize)
            }
        }
        return gx
    }
}
