import CBLASRuntime

/// When and how conv2d runs on the direct kernels (`DirectConvolution`) instead of
/// im2col + GEMM: forward and weight gradient for strides 1 and 2 and kernels of at most
/// 9 taps; the input gradient of stride-1 layers as a direct correlation of the padded
/// output gradient with the flipped weights (strided layers take the GEMM path for it).
/// The choice is a function of the layer's shape only, so runs stay deterministic.
struct DirectConvPlan {
    /// Which path conv2d takes: by shape (default), or always one of them
    /// (THREEWAYS_CONV=gemm or direct; tests compare the two).
    enum Mode: String { case auto, gemm, direct }

    nonisolated(unsafe) static var mode: Mode = getenvString("THREEWAYS_CONV").flatMap(Mode.init(rawValue:)) ?? .auto

    let batch: Int, inChannels: Int, outChannels: Int
    let geometry: ConvGeometry

    /// Shapes the direct kernels handle.
    var supported: Bool {
        (geometry.strideX == 1 || geometry.strideX == 2) && geometry.taps <= 9 && geometry.outWidth >= 1
    }

    /// Whether conv2d takes the direct path for this layer.
    var chosen: Bool {
        switch Self.mode {
        case .gemm: return false
        case .direct: return supported
        case .auto:
            return supported && Self.favoursDirect(outChannels: outChannels, depth: inChannels * geometry.taps,
                                                   stride: (geometry.strideY, geometry.strideX),
                                                   pixels: geometry.outHeight * geometry.outWidth)
        }
    }

    /// Thin stride-1 layers on maps of at least 16x16, where im2col and OpenBLAS's
    /// packing cost more than the products. Measured with `threeways-bench ops`
    /// (benchmarks/RESULTS.md): direct wins for 16 channels at 16x32 and 64x128 (batch 2
    /// and 8), loses for strided layers (their input gradient stays on GEMM), for 32+
    /// channels and for maps of 8x16 and smaller.
    static func favoursDirect(outChannels: Int, depth: Int, stride: (Int, Int), pixels: Int) -> Bool {
        stride == (1, 1) && outChannels <= 16 && depth <= 576 && pixels >= 256
    }

    /// Channel groups of the output: blocks of 8, then single channels.
    static func channelGroups(_ channels: Int) -> [Range<Int>] {
        let block = DirectConvolution.channelBlock
        var groups = stride(from: 0, to: channels / block * block, by: block).map { $0..<($0 + block) }
        groups += (channels / block * block..<channels).map { $0..<($0 + 1) }
        return groups
    }

    /// The input padded for the forward pass (and kept for the weight gradient), with
    /// its plane size; the input itself when no padding or slack is needed.
    func paddedInput(_ x: Tensor) -> (tensor: Tensor, height: Int, width: Int) {
        let g = geometry
        if g.padY == 0 && g.padX == 0 && g.strideX == 1 { return (x, g.inHeight, g.inWidth) }
        return DirectConvolution.padded(x.data, planes: batch * inChannels, height: g.inHeight, width: g.inWidth,
                                        pad: (g.padY, g.padX), extraRight: g.strideX == 2 ? 16 : 0)
    }

    func forwardGeometry(paddedHeight: Int, paddedWidth: Int) -> DirectConvolution.Geometry {
        let g = geometry
        return DirectConvolution.Geometry(inChannels: inChannels, inH: paddedHeight, inW: paddedWidth,
                                          outChannels: outChannels, outH: g.outHeight, outW: g.outWidth,
                                          kh: g.kernelHeight, kw: g.kernelWidth, strideY: g.strideY, strideX: g.strideX,
                                          dilY: g.dilationY, dilX: g.dilationX, offY: 0, offX: 0)
    }

    /// Multiply-adds of one pass (forward, weight gradient or input gradient), as flops.
    var passFlops: Int64 {
        Int64(2 * batch * outChannels * inChannels * geometry.taps * geometry.outHeight * geometry.outWidth)
    }

    /// Output [N, Cout, Ho, Wo].
    func forward(padded xp: (tensor: Tensor, height: Int, width: Int), weight: Tensor, bias: Tensor?) -> Tensor {
        let g = forwardGeometry(paddedHeight: xp.height, paddedWidth: xp.width)
        let out = Tensor(uninitializedShape: [batch, outChannels, g.outH, g.outW])
        tw_flops_add(passFlops)
        let packed = DirectConvolution.PackedWeights(weight.data, outChannels: outChannels, inChannels: inChannels,
                                                     taps: geometry.taps, flipped: false)
        run(images: batch, groups: Self.channelGroups(outChannels)) { n, channels in
            DirectConvolution.forward(xp.tensor.data + n * inChannels * g.inH * g.inW, packed, bias?.data, g,
                                      channels: channels, into: out.data + n * outChannels * g.outH * g.outW)
        }
        return out
    }

    /// dW [Cout, Cin, kh, kw] from the padded input and the output gradient.
    func weightGradient(padded xp: (tensor: Tensor, height: Int, width: Int), gOut: Tensor) -> Tensor {
        let g = forwardGeometry(paddedHeight: xp.height, paddedWidth: xp.width)
        let gw = Tensor(uninitializedShape: [outChannels, inChannels, geometry.kernelHeight, geometry.kernelWidth])
        tw_flops_add(passFlops)
        Parallel.forEachChunk(outChannels, grain: 1) { _, range in
            DirectConvolution.weightGradient(xp.tensor.data, inputImage: inChannels * g.inH * g.inW, gOut.data,
                                             outputImage: outChannels * g.outH * g.outW, batch: batch, g,
                                             channels: range, into: gw.data)
        }
        return gw
    }

    /// dX [N, Cin, H, W] for stride 1: the output gradient padded by (k - 1) x dilation,
    /// correlated with the flipped, transposed weights, read from the padding offset.
    /// nil for strided layers.
    func inputGradient(weight: Tensor, gOut: Tensor) -> Tensor? {
        let g = geometry
        guard g.strideX == 1 && g.strideY == 1 else { return nil }
        let qy = (g.kernelHeight - 1) * g.dilationY, qx = (g.kernelWidth - 1) * g.dilationX
        let gp = DirectConvolution.padded(gOut.data, planes: batch * outChannels, height: g.outHeight,
                                          width: g.outWidth, pad: (qy, qx))
        let packed = DirectConvolution.PackedWeights(weight.data, outChannels: inChannels, inChannels: outChannels,
                                                     taps: g.taps, flipped: true)
        let d = DirectConvolution.Geometry(inChannels: outChannels, inH: gp.height, inW: gp.width,
                                           outChannels: inChannels, outH: g.inHeight, outW: g.inWidth,
                                           kh: g.kernelHeight, kw: g.kernelWidth, strideY: 1, strideX: 1,
                                           dilY: g.dilationY, dilX: g.dilationX, offY: g.padY, offX: g.padX)
        let gx = Tensor(uninitializedShape: [batch, inChannels, g.inHeight, g.inWidth])
        tw_flops_add(passFlops)
        run(images: batch, groups: Self.channelGroups(inChannels)) { n, channels in
            DirectConvolution.forward(gp.tensor.data + n * outChannels * d.inH * d.inW, packed, nil, d,
                                      channels: channels, into: gx.data + n * inChannels * d.outH * d.outW)
        }
        return gx
    }

    /// Runs `body(image, channels)` for every image and channel group across the pool.
    private func run(images: Int, groups: [Range<Int>], _ body: (Int, Range<Int>) -> Void) {
        let jobs = images * groups.count
        groups.withUnsafeBufferPointer { list in
            Parallel.forEachChunk(jobs, grain: 1) { _, range in
                for job in range { body(job / list.count, list[job % list.count]) }
            }
        }
    }
}
