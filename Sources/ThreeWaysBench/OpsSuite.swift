import TensorEngine

/// A convolution benchmark: forward and backward of one conv2d layer shape.
struct ConvBenchmark {
    var name: String
    var batch: Int, inChannels: Int, height: Int, width: Int
    var outChannels: Int, kernel: Int, stride: Int, padding: Int, dilation: Int
    /// False for the stem, whose input is the image (no input gradient needed).
    var inputGradient: Bool = true

    var geometry: ConvGeometry {
        ConvGeometry(inHeight: height, inWidth: width, kernelHeight: kernel, kernelWidth: kernel,
                     strideY: stride, strideX: stride, padY: padding, padX: padding,
                     dilationY: dilation, dilationX: dilation)
    }

    /// (M, N, K) of the three products: forward, weight gradient, input gradient.
    var products: [(Int, Int, Int, Bool, Bool)] {
        let g = geometry
        let p = batch * g.outHeight * g.outWidth, k = inChannels * kernel * kernel
        var list = [(outChannels, p, k, false, false), (outChannels, k, p, false, true)]
        if inputGradient { list.append((k, p, outChannels, true, false)) }
        return list
    }

    var gflop: Double { products.map { 2.0 * Double($0.0) * Double($0.1) * Double($0.2) }.reduce(0, +) / 1e9 }

    func measure(repeats: Int, torch: [String: Double]?) -> BenchmarkRow {
        var rng = RandomGenerator(seed: 1)
        let x = Tensor.normal([batch, inChannels, height, width], rng: &rng, requiresGrad: inputGradient)
        let w = Tensor.normal([outChannels, inChannels, kernel, kernel], std: 0.05, rng: &rng, requiresGrad: true)
        let g = geometry
        let seed = Tensor.normal([batch, outChannels, g.outHeight, g.outWidth], rng: &rng)
        let ours = Timing.median(repeats: repeats) {
            let y = x.conv2d(w, stride: stride, padding: padding, dilation: dilation)
            y.backward(seed: seed)
            x.zeroGrad(); w.zeroGrad()
        }
        return BenchmarkRow(name: name, kind: "conv",
                            shape: "\(batch)x\(inChannels)x\(height)x\(width) k\(kernel) s\(stride) d\(dilation) -> \(outChannels)",
                            seconds: ours, gflop: gflop, sgemmSeconds: sgemmSeconds(repeats: repeats),
                            torchSeconds: torch?[name])
    }

    /// OpenBLAS sgemm on exactly the products this convolution performs.
    private func sgemmSeconds(repeats: Int) -> Double {
        products.map { (m, n, k, ta, tb) in
            var rng = RandomGenerator(seed: 2)
            let a = Tensor.normal([m * k], rng: &rng), b = Tensor.normal([k * n], rng: &rng)
            let c = Tensor(uninitializedShape: [m * n])
            return Timing.median(repeats: repeats) {
                BLAS.sgemm(transA: ta, transB: tb, m: m, n: n, k: k, a: a.data, lda: ta ? m : k,
                           b: b.data, ldb: tb ? k : n, c: c.data, ldc: n)
            }
        }.reduce(0, +)
    }

    var torchSpec: [String: Any] {
        ["name": name, "kind": "conv", "n": batch, "cin": inChannels, "h": height, "w": width,
         "cout": outChannels, "k": kernel, "stride": stride, "pad": padding, "dil": dilation,
         "input_grad": inputGradient]
    }
}

/// A non-convolution operator benchmark: forward then backward with a fixed seed gradient.
struct OperatorBenchmark {
    var name: String
    /// Shapes of the inputs (all require gradients).
    var inputShapes: [[Int]]
    /// Positive inputs (for log, sqrt, division).
    var positive = false
    /// Extra settings passed to the PyTorch twin.
    var options: [String: Any] = [:]
    var forward: ([Tensor]) -> Tensor

    func measure(repeats: Int, torch: [String: Double]?) -> BenchmarkRow {
        var rng = RandomGenerator(seed: 3)
        let inputs = inputShapes.map { s in
            positive ? Tensor.uniform(s, 0.5, 2, rng: &rng, requiresGrad: true)
                : Tensor.uniform(s, -1, 1, rng: &rng, requiresGrad: true)
        }
        let probe = withoutGradients { forward(inputs) }
        let seed = Tensor.normal(probe.shape, rng: &rng)
        let ours = Timing.median(repeats: repeats) {
            forward(inputs).backward(seed: seed)
            for t in inputs { t.zeroGrad() }
        }
        return BenchmarkRow(name: name, kind: "op",
                            shape: inputShapes.map { $0.map(String.init).joined(separator: "x") }.joined(separator: ", "),
                            seconds: ours, gflop: nil, sgemmSeconds: nil, torchSeconds: torch?[name])
    }

    var torchSpec: [String: Any] {
        var spec: [String: Any] = ["name": name, "kind": "op", "shapes": inputShapes, "positive": positive]
        for (k, v) in options { spec[k] = v }
        return spec
    }
}

/// The benchmark list: ResNet-18-style encoder at 128x256, batch 2, with the paper's
/// dilated last stage; then the operators the depth and segmentation losses lean on.
enum OpsSuite {
    static let convolutions: [ConvBenchmark] = [
        ConvBenchmark(name: "conv.stem7x7", batch: 2, inChannels: 3, height: 128, width: 256, outChannels: 64,
                      kernel: 7, stride: 2, padding: 3, dilation: 1, inputGradient: false),
        ConvBenchmark(name: "conv.layer1.3x3", batch: 2, inChannels: 64, height: 32, width: 64, outChannels: 64,
                      kernel: 3, stride: 1, padding: 1, dilation: 1),
        ConvBenchmark(name: "conv.layer2.3x3s2", batch: 2, inChannels: 64, height: 32, width: 64, outChannels: 128,
                      kernel: 3, stride: 2, padding: 1, dilation: 1),
        ConvBenchmark(name: "conv.layer2.3x3", batch: 2, inChannels: 128, height: 16, width: 32, outChannels: 128,
                      kernel: 3, stride: 1, padding: 1, dilation: 1),
        ConvBenchmark(name: "conv.layer2.down1x1", batch: 2, inChannels: 64, height: 32, width: 64, outChannels: 128,
                      kernel: 1, stride: 2, padding: 0, dilation: 1),
        ConvBenchmark(name: "conv.layer3.3x3s2", batch: 2, inChannels: 128, height: 16, width: 32, outChannels: 256,
                      kernel: 3, stride: 2, padding: 1, dilation: 1),
        ConvBenchmark(name: "conv.layer3.3x3", batch: 2, inChannels: 256, height: 8, width: 16, outChannels: 256,
                      kernel: 3, stride: 1, padding: 1, dilation: 1),
        ConvBenchmark(name: "conv.layer3.down1x1", batch: 2, inChannels: 128, height: 16, width: 32, outChannels: 256,
                      kernel: 1, stride: 2, padding: 0, dilation: 1),
        ConvBenchmark(name: "conv.layer4.3x3d2", batch: 2, inChannels: 256, height: 8, width: 16, outChannels: 512,
                      kernel: 3, stride: 1, padding: 2, dilation: 2),
        ConvBenchmark(name: "conv.layer4b.3x3d2", batch: 2, inChannels: 512, height: 8, width: 16, outChannels: 512,
                      kernel: 3, stride: 1, padding: 2, dilation: 2),
        ConvBenchmark(name: "conv.layer4.down1x1", batch: 2, inChannels: 256, height: 8, width: 16, outChannels: 512,
                      kernel: 1, stride: 1, padding: 0, dilation: 1),
        // Small-network shapes (width 16 at a 64x128 crop): where per-call overheads and
        // thin matrices matter more than raw sgemm speed.
        ConvBenchmark(name: "convq.stem7x7", batch: 2, inChannels: 3, height: 64, width: 128, outChannels: 16,
                      kernel: 7, stride: 2, padding: 3, dilation: 1, inputGradient: false),
        ConvBenchmark(name: "convq.layer1.3x3", batch: 2, inChannels: 16, height: 16, width: 32, outChannels: 16,
                      kernel: 3, stride: 1, padding: 1, dilation: 1),
        ConvBenchmark(name: "convq.layer4.3x3d2", batch: 2, inChannels: 128, height: 4, width: 8, outChannels: 128,
                      kernel: 3, stride: 1, padding: 2, dilation: 2),
        ConvBenchmark(name: "convq.decoder0.3x3", batch: 2, inChannels: 16, height: 64, width: 128, outChannels: 16,
                      kernel: 3, stride: 1, padding: 1, dilation: 1),
        ConvBenchmark(name: "convq.decoder1.3x3", batch: 2, inChannels: 48, height: 32, width: 64, outChannels: 32,
                      kernel: 3, stride: 1, padding: 1, dilation: 1),
        ConvBenchmark(name: "convq.layer2.3x3s2", batch: 2, inChannels: 16, height: 16, width: 32, outChannels: 32,
                      kernel: 3, stride: 2, padding: 1, dilation: 1),
        ConvBenchmark(name: "convq.layer2.3x3", batch: 2, inChannels: 32, height: 8, width: 16, outChannels: 32,
                      kernel: 3, stride: 1, padding: 1, dilation: 1),
        ConvBenchmark(name: "convq.layer3.3x3", batch: 2, inChannels: 64, height: 4, width: 8, outChannels: 64,
                      kernel: 3, stride: 1, padding: 1, dilation: 1),
        ConvBenchmark(name: "convq.down1x1s2", batch: 2, inChannels: 16, height: 16, width: 32, outChannels: 32,
                      kernel: 1, stride: 2, padding: 0, dilation: 1),
        ConvBenchmark(name: "convq8.layer1.3x3", batch: 8, inChannels: 16, height: 16, width: 32, outChannels: 16,
                      kernel: 3, stride: 1, padding: 1, dilation: 1),
        ConvBenchmark(name: "convq8.decoder0.3x3", batch: 8, inChannels: 16, height: 64, width: 128, outChannels: 16,
                      kernel: 3, stride: 1, padding: 1, dilation: 1),
    ]

    static var operators: [OperatorBenchmark] {
        let act = [2, 64, 64, 128]
        return [
            OperatorBenchmark(name: "add.bias_broadcast", inputShapes: [act, [1, 64, 1, 1]]) { $0[0] + $0[1] },
            OperatorBenchmark(name: "mul", inputShapes: [act, act]) { $0[0] * $0[1] },
            OperatorBenchmark(name: "relu", inputShapes: [act]) { $0[0].relu() },
            OperatorBenchmark(name: "elu", inputShapes: [act]) { $0[0].elu() },
            OperatorBenchmark(name: "sigmoid", inputShapes: [act]) { $0[0].sigmoid() },
            OperatorBenchmark(name: "exp", inputShapes: [act]) { $0[0].exp() },
            OperatorBenchmark(name: "abs.mean", inputShapes: [act]) { $0[0].abs().mean(axis: 1, keepDims: true) },
            OperatorBenchmark(name: "concat.channels", inputShapes: [act, act]) { Tensor.concat($0, axis: 1) },
            // Decoder upsampling: 64 channels at 32x64 to 64x128.
            OperatorBenchmark(name: "resize.bilinear_x2", inputShapes: [[2, 64, 32, 64]]) {
                $0[0].resize(height: 64, width: 128, mode: .bilinear, alignCorners: false)
            },
            OperatorBenchmark(name: "resize.nearest_x2", inputShapes: [[2, 64, 32, 64]]) { $0[0].upsampleNearest(scale: 2) },
            // SSIM's pooling on reflection-padded images, and the encoder stem's max pool.
            OperatorBenchmark(name: "avgpool.3x3s1", inputShapes: [[2, 3, 130, 258]]) {
                $0[0].avgPool2d(kernelSize: 3, stride: 1)
            },
            OperatorBenchmark(name: "reflection_pad.1", inputShapes: [[2, 3, 128, 256]]) { $0[0].reflectionPad2d(1) },
            OperatorBenchmark(name: "maxpool.3x3s2", inputShapes: [[2, 64, 64, 128]]) {
                $0[0].maxPool2d(kernelSize: 3, stride: 2, padding: 1)
            },
            // View synthesis: sample a 3-channel frame at every pixel of the target.
            OperatorBenchmark(name: "grid_sample", inputShapes: [[2, 3, 128, 256], [2, 128, 256, 2]]) {
                $0[0].gridSample($0[1])
            },
            // The monodepth loss's SSIM (one fused operator here), frames at 64x128.
            OperatorBenchmark(name: "ssim.fused", inputShapes: [[2, 3, 64, 128], [2, 3, 64, 128]]) {
                $0[0].structuralDissimilarity($0[1], c1: 1e-4, c2: 9e-4)
            },
            // Segmentation head: 19 classes at full resolution.
            OperatorBenchmark(name: "softmax.channels", inputShapes: [[2, 19, 128, 256]]) { $0[0].softmax(axis: 1) },
        ]
    }

    static func torchSpec(convs: [ConvBenchmark], operators: [OperatorBenchmark]) -> [[String: Any]] {
        convs.map(\.torchSpec) + operators.map(\.torchSpec)
    }
}
