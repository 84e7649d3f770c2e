/// 2-D pooling on NCHW tensors, as PyTorch's (ceil_mode = False): max, average and
/// adaptive average. Every output element reads a rectangle of its own plane; the
/// rectangles are tabulated once per axis (`PoolAxis`), so one pair of loops serves all
/// window shapes. Forward passes split over output rows, backward passes over N*C
/// planes (each thread owns whole gradient planes, so scatters never race).
extension Tensor {
    /// Max pooling: [N, C, H, W] -> [N, C, Ho, Wo], Ho = floor((H + 2 padding - kernelSize)
    /// / stride) + 1 (likewise Wo). Padding counts as -infinity; the gradient goes to the
    /// first maximum of each window. Equivalent to
    /// torch.nn.functional.max_pool2d(x, kernelSize, stride, padding); stride defaults to
    /// kernelSize as there.
    public func maxPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0) -> Tensor {
        let s = stride ?? kernelSize
        return maxPool2d(kernelSize: (kernelSize, kernelSize), stride: (s, s), padding: (padding, padding))
    }

    /// As `maxPool2d(kernelSize:stride:padding:)` with separate (y, x) settings.
    public func maxPool2d(kernelSize: (Int, Int), stride: (Int, Int), padding: (Int, Int)) -> Tensor {
        let (rows, cols) = PoolAxis.sliding(self, "maxPool2d", kernelSize, stride, padding, countPadding: true)
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        let out = Tensor(uninitializedShape: [shape[0], shape[1], rows.count, cols.count])
        let argmax = RawTable<Int32>(count: out.count, repeating: 0)
        PoolLoops.maxForward(data, out.data, argmax.pointer, planes: planes, height: h, width: w,
                             rows: rows, cols: cols)
        let outPlane = rows.count * cols.count
        return Tensor.record("maxPool2d", output: out, inputs: [self]) { g in
            let gx = Tensor.zeros(self.shape)
            let (gp, gxp, am) = (g.data, gx.data, argmax.pointer)
            Parallel.forEachChunk(planes, grain: spatialGrain(perItem: outPlane)) { _, range in
                for plane in range {
                    let dst = gxp + plane * h * w, src = gp + plane * outPlane, idx = am + plane * outPlane
                    for o in 0..<outPlane { dst[Int(idx[o])] += src[o] }
                }
            }
            self.accumulateGrad(gx, fresh: true)
        }
    }

    /// Average pooling: [N, C, H, W] -> [N, C, Ho, Wo] with Ho as for `maxPool2d`. With
    /// `countIncludePad` the zero padding counts in each window's divisor. Equivalent to
    /// torch.nn.functional.avg_pool2d(x, kernelSize, stride, padding,
    /// count_include_pad=countIncludePad); stride defaults to kernelSize as there.
    public func avgPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0,
                          countIncludePad: Bool = true) -> Tensor {
        let s = stride ?? kernelSize
        return avgPool2d(kernelSize: (kernelSize, kernelSize), stride: (s, s), padding: (padding, padding),
                         countIncludePad: countIncludePad)
    }

    /// As `avgPool2d(kernelSize:stride:padding:countIncludePad:)` with separate (y, x) settings.
    public func avgPool2d(kernelSize: (Int, Int), stride: (Int, Int), padding: (Int, Int),
                          countIncludePad: Bool = true) -> Tensor {
        let (rows, cols) = PoolAxis.sliding(self, "avgPool2d", kernelSize, stride, padding,
                                            countPadding: countIncludePad)
        return boxAverage("avgPool2d", rows, cols)
    }

    /// Adaptive average pooling: [N, C, H, W] -> [N, C, outputSize.0, outputSize.1]; output
    /// row i averages input rows floor(i H / Ho) ..< ceil((i + 1) H / Ho) (likewise columns).
    /// Equivalent to torch.nn.functional.adaptive_avg_pool2d(x, outputSize).
    public func adaptiveAvgPool2d(outputSize: (Int, Int)) -> Tensor {
        precondition(rank == 4 && outputSize.0 > 0 && outputSize.1 > 0,
                     "adaptiveAvgPool2d: input \(shape) to \(outputSize)")
        return boxAverage("adaptiveAvgPool2d", PoolAxis.adaptive(length: shape[2], output: outputSize.0),
                          PoolAxis.adaptive(length: shape[3], output: outputSize.1))
    }

    /// Square `adaptiveAvgPool2d(outputSize: (size, size))`.
    public func adaptiveAvgPool2d(outputSize size: Int) -> Tensor {
        adaptiveAvgPool2d(outputSize: (size, size))
    }

    /// Mean over tabulated windows, with its backward pass.
    private func boxAverage(_ name: String, _ rows: PoolAxis, _ cols: PoolAxis) -> Tensor {
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        let out = Tensor(uninitializedShape: [shape[0], shape[1], rows.count, cols.count])
        PoolLoops.averageForward(data, out.data, planes: planes, height: h, width: w, rows: rows, cols: cols)
        return Tensor.record(name, output: out, inputs: [self]) { g in
            let gx = Tensor.zeros(self.shape)
            PoolLoops.averageBackward(g.data, gx.data, planes: planes, height: h, width: w, rows: rows, cols: cols)
            self.accumulateGrad(gx, fresh: true)
        }
    }
}

/// The windows of one axis: output i reads input [start[i], end[i]) and its average
/// divides by divisor[i] (the product of both axes' divisors). At stride 1 the outputs in
/// `run` read whole, unclipped windows of `kernel` inputs starting at start[i] = i + c, so
/// vector loops can sum them.
struct PoolAxis {
    let start: RawTable<Int>, end: RawTable<Int>, divisor: RawTable<Int>
    var count: Int { start.count }
    /// The largest window extent (for sizing parallel chunks).
    let widest: Int
    let run: Range<Int>, kernel: Int

    init(_ windows: [(start: Int, end: Int, divisor: Int)], run: Range<Int> = 0..<0, kernel: Int = 0) {
        start = RawTable(windows.map(\.start))
        end = RawTable(windows.map(\.end))
        divisor = RawTable(windows.map(\.divisor))
        widest = windows.map { $0.end - $0.start }.max() ?? 0
        (self.run, self.kernel) = (run, kernel)
    }

    /// Sliding windows of `kernel` every `stride` over an input padded by `padding` on both
    /// sides. PyTorch's divisor counts the padded part of the window when `countPadding`.
    static func sliding(length: Int, kernel: Int, stride: Int, padding: Int, countPadding: Bool) -> PoolAxis {
        let n = (length + 2 * padding - kernel) / stride + 1
        let windows = (0..<n).map { i in
            let lo = i * stride - padding
            let hiPadded = Swift.min(lo + kernel, length + padding)
            let (s, e) = (Swift.max(lo, 0), Swift.min(hiPadded, length))
            return (s, e, countPadding ? hiPadded - lo : e - s)
        }
        // At stride 1, output i's window lies inside when padding <= i <= length + padding - kernel.
        let (first, last) = (Swift.min(padding, n), Swift.min(length + padding - kernel + 1, n))
        return PoolAxis(windows, run: stride == 1 && first < last ? first..<last : 0..<0, kernel: kernel)
    }

    /// Both axes of a sliding-window pool of `x`, after checking PyTorch's constraints.
    static func sliding(_ x: Tensor, _ op: String, _ kernel: (Int, Int), _ stride: (Int, Int),
                        _ padding: (Int, Int), countPadding: Bool) -> (PoolAxis, PoolAxis) {
        precondition(x.rank == 4, "\(op): expected [N, C, H, W], got \(x.shape)")
        precondition(kernel.0 > 0 && kernel.1 > 0 && stride.0 > 0 && stride.1 > 0,
                     "\(op): kernel \(kernel) and stride \(stride) must be positive")
        precondition(padding.0 >= 0 && padding.1 >= 0 && 2 * padding.0 <= kernel.0 && 2 * padding.1 <= kernel.1,
                     "\(op): padding \(padding) must be at most half the kernel \(kernel)")
        precondition(x.shape[2] + 2 * padding.0 >= kernel.0 && x.shape[3] + 2 * padding.1 >= kernel.1,
                     "\(op): kernel \(kernel) larger than padded input \(x.shape)")
        return (sliding(length: x.shape[2], kernel: kernel.0, stride: stride.0, padding: padding.0,
                        countPadding: countPadding),
                sliding(length: x.shape[3], kernel: kernel.1, stride: stride.1, padding: padding.1,
                        countPadding: countPadding))
    }

    /// PyTorch's adaptive bins: floor(i L / n) ..< ceil((i + 1) L / n).
    static func adaptive(length: Int, output n: Int) -> PoolAxis {
        PoolAxis((0..<n).map { i in
            let s = i * length / n, e = ((i + 1) * length + n - 1) / n
            return (s, e, e - s)
        })
    }
}

/// The pooling loops over raw planes (H x W in, rows.count x cols.count out).
enum PoolLoops {
    static func maxForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                           _ argmax: UnsafeMutablePointer<Int32>, planes: Int, height: Int, width: Int,
                           rows: PoolAxis, cols: PoolAxis) {
        let (oh, ow) = (rows.count, cols.count)
        let (rs, re, cs, ce) = (rows.start.pointer, rows.end.pointer, cols.start.pointer, cols.end.pointer)
        Parallel.forEachChunk(planes * oh, grain: spatialGrain(perItem: ow * rows.widest * cols.widest)) { _, range in
            for row in range {
                let (plane, oy) = row.quotientAndRemainder(dividingBy: oh)
                let src = x + plane * height * width
                let dst = y + row * ow, idx = argmax + row * ow
                for ox in 0..<ow {
                    // PyTorch's rule: a strictly larger value or a NaN takes over.
                    var best = -Float.infinity, at = rs[oy] * width + cs[ox]
                    for iy in rs[oy]..<re[oy] {
                        for ix in cs[ox]..<ce[ox] {
                            let v = src[iy * width + ix]
                            if v > best || v.isNaN { best = v; at = iy * width + ix }
                        }
                    }
                    dst[ox] = best
                    idx[ox] = Int32(at)
                }
            }
        }
    }

    static func averageForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                               planes: Int, height: Int, width: Int, rows: PoolAxis, cols: PoolAxis) {
        let (oh, ow) = (rows.count, cols.count)
        let (rs, re, rd) = (rows.start.pointer, rows.end.pointer, rows.divisor.pointer)
        let (cs, ce, cd) = (cols.start.pointer, cols.end.pointer, cols.divisor.pointer)
        Parallel.forEachChunk(planes * oh, grain: spatialGrain(perItem: ow * rows.widest * cols.widest)) { _, range in
            for row in range {
                let (plane, oy) = row.quotientAndRemainder(dividingBy: oh)
                let src = x + plane * height * width, dst = y + row * ow
                for ox in 0..<ow where !cols.run.contains(ox) {
                    var sum: Float = 0
                    for iy in rs[oy]..<re[oy] {
                        let line = src + iy * width
                        for ix in cs[ox]..<ce[ox] { sum += line[ix] }
                    }
                    dst[ox] = sum / Float(rd[oy] * cd[ox])
                }
                // The same sums, in the same order, as vector loops over the interior run.
                let (lo, n) = (cols.run.lowerBound, cols.run.count)
                guard n > 0 else { continue }
                let out = dst + lo
                out.update(repeating: 0, count: n)
                for iy in rs[oy]..<re[oy] {
                    let line = src + iy * width + cs[lo]
                    for kx in 0..<cols.kernel { let l = line + kx; for j in 0..<n { out[j] += l[j] } }
                }
                for j in 0..<n { out[j] = out[j] / Float(rd[oy] * cd[lo + j]) }
            }
        }
    }

    /// Spreads each output gradient evenly over its window (zeroed `gx` in, sums out).
    static func averageBackward(_ g: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>,
                                planes: Int, height: Int, width: Int, rows: PoolAxis, cols: PoolAxis) {
        let (oh, ow) = (rows.count, cols.count)
        let (rs, re, rd) = (rows.start.pointer, rows.end.pointer, rows.divisor.pointer)
        let (cs, ce, cd) = (cols.start.pointer, cols.end.pointer, cols.divisor.pointer)
        Parallel.forEachChunk(planes, grain: spatialGrain(perItem: oh * ow * rows.widest * cols.widest)) { _, range in
            let (lo, n) = (cols.run.lowerBound, cols.run.count)
            let scaled = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(n, 1))
            defer { scaled.deallocate() }
            for plane in range {
                let dst = gx + plane * height * width, src = g + plane * oh * ow
                for oy in 0..<oh {
                    for ox in 0..<ow where !cols.run.contains(ox) {
                        let v = src[oy * ow + ox] / Float(rd[oy] * cd[ox])
                        for iy in rs[oy]..<re[oy] {
                            let line = dst + iy * width
                            for ix in cs[ox]..<ce[ox] { line[ix] += v }
                        }
                    }
                    // Interior run at stride 1: scatter with vector loops over the outputs.
                    guard n > 0 else { continue }
                    for j in 0..<n { scaled[j] = src[oy * ow + lo + j] / Float(rd[oy] * cd[lo + j]) }
                    for iy in rs[oy]..<re[oy] {
                        let line = dst + iy * width + cs[lo]
                        for kx in 0..<cols.kernel { let l = line + kx; for j in 0..<n { l[j] += scaled[j] } }
                    }
                }
            }
        }
    }
}

/// A fixed-size buffer of plain values (window bounds, source indices, sampling taps)
/// that hot loops read through a raw pointer and backward closures keep alive; freed
/// with its last reference. Used by the spatial operators (pooling, padding, resize,
/// grid sampling).
final class RawTable<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, repeating value: Element) {
        self.count = count
        pointer = .allocate(capacity: Swift.max(count, 1))
        pointer.initialize(repeating: value, count: count)
    }

    init(_ values: [Element]) {
        count = values.count
        pointer = .allocate(capacity: Swift.max(count, 1))
        values.withUnsafeBufferPointer { if let base = $0.baseAddress { pointer.initialize(from: base, count: count) } }
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }

    subscript(i: Int) -> Element { pointer[i] }
}

/// Items per parallel chunk for loops whose items cost about `work` elementary steps
/// each, so that a chunk is at least `Parallel.minimumGrain` steps.
func spatialGrain(perItem work: Int) -> Int {
    Swift.max(1, Parallel.minimumGrain / Swift.max(1, work))
}
