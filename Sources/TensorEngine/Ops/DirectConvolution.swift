/// Direct convolution kernels for thin layers (few channels, small maps), where the
/// im2col + GEMM path spends more time copying (the column matrix, then OpenBLAS's
/// packing of it) than multiplying. They read the zero-padded input in place: 8 output
/// pixels of a row times 8 output channels in registers, one fused multiply-add per
/// input vector and weight. Float32 accumulation in a fixed order (input channel, tap
/// row, tap column), so results are independent of the thread count.
enum DirectConvolution {
    /// Output channels computed together (one accumulator vector each).
    static let channelBlock = 8

    /// Weights [Cout, Cin, kh, kw] regrouped as [Cout / 8][Cin][kh][kw][8] (the 8 output
    /// channels of a block side by side), the remainder channels as [Cin][kh][kw] each.
    struct PackedWeights {
        /// The regrouped weights (owned by a tensor, freed with it).
        let tensor: Tensor
        let outChannels: Int, inChannels: Int, taps: Int
        var storage: UnsafeMutablePointer<Float> { tensor.data }

        /// `flipped` transposes channels and rotates the taps by 180 degrees: the
        /// weights of the input-gradient convolution.
        init(_ w: UnsafePointer<Float>, outChannels cout: Int, inChannels cin: Int, taps: Int, flipped: Bool) {
            // Source layout [Cout_src, Cin_src, taps]; flipped: cout = Cin_src, cin = Cout_src.
            outChannels = cout
            inChannels = cin
            self.taps = taps
            tensor = Tensor(uninitializedShape: [Swift.max(1, cout * cin * taps)])
            let storage = tensor.data
            let block = DirectConvolution.channelBlock
            let blocks = cout / block
            @inline(__always) func source(_ co: Int, _ ci: Int, _ t: Int) -> Float {
                flipped ? w[(ci * cout + co) * taps + (taps - 1 - t)] : w[(co * cin + ci) * taps + t]
            }
            var o = 0
            for b in 0..<blocks {
                for ci in 0..<cin {
                    for t in 0..<taps {
                        for r in 0..<block {
                            storage[o] = source(b * block + r, ci, t)
                            o += 1
                        }
                    }
                }
            }
            for co in (blocks * block)..<cout {
                for ci in 0..<cin {
                    for t in 0..<taps { storage[o] = source(co, ci, t); o += 1 }
                }
            }
        }
    }

    /// A zero-padded copy of `planes` planes of `height` x `width`: `pad` rows and
    /// columns of zeros around each, plus `extraRight` columns on the right (room for the
    /// 16-wide loads of stride 2). Returns the tensor and its plane size.
    static func padded(_ x: UnsafePointer<Float>, planes: Int, height h: Int, width w: Int, pad: (Int, Int),
                       extraRight: Int = 0) -> (tensor: Tensor, height: Int, width: Int) {
        let ph = h + 2 * pad.0, pw = w + 2 * pad.1 + extraRight
        let tensor = Tensor(uninitializedShape: [planes * ph * pw])
        let out = tensor.data
        Parallel.forEachChunk(planes, grain: Swift.max(1, Parallel.minimumGrain / Swift.max(1, ph * pw))) { _, range in
            for p in range {
                let dst = out + p * ph * pw, src = x + p * h * w
                dst.update(repeating: 0, count: pad.0 * pw)
                for r in 0..<h {
                    let row = dst + (r + pad.0) * pw
                    row.update(repeating: 0, count: pad.1)
                    (row + pad.1).update(from: src + r * w, count: w)
                    (row + pad.1 + w).update(repeating: 0, count: pw - pad.1 - w)
                }
                (dst + (h + pad.0) * pw).update(repeating: 0, count: pad.0 * pw)
            }
        }
        return (tensor, ph, pw)
    }

    /// The shapes of one direct correlation (see `forward`).
    struct Geometry {
        var inChannels: Int, inH: Int, inW: Int
        var outChannels: Int, outH: Int, outW: Int
        var kh: Int, kw: Int
        var strideY: Int, strideX: Int
        var dilY: Int, dilX: Int
        var offY: Int, offX: Int
    }

    /// One image's correlation for output channels `channels` (whole blocks of 8, or
    /// single remainder channels): out[co, oy, ox] = bias[co] + sum over ci, ky, kx of
    /// w[co, ci, ky, kx] * input[ci, offY + oy * strideY + ky * dilY, offX + ox * strideX +
    /// kx * dilX], for oy < outH, ox < outW. `input` planes are inH x inW and every read
    /// lies inside them (the caller pads). strideX is 1 or 2.
    static func forward(_ input: UnsafePointer<Float>, _ weights: PackedWeights, _ bias: UnsafePointer<Float>?,
                        _ g: Geometry, channels: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        let block = channelBlock
        let fullBlocks = g.outChannels / block
        let taps = g.kh * g.kw
        let plane = g.inH * g.inW, outPlane = g.outH * g.outW
        var co = channels.lowerBound
        while co < channels.upperBound {
            if co % block == 0 && co / block < fullBlocks && co + block <= channels.upperBound {
                let w = weights.storage + (co / block) * g.inChannels * taps * block
                for oy in 0..<g.outH {
                    var ox = 0
                    while ox + 8 <= g.outW {
                        var a0 = Lanes(repeating: bias?[co] ?? 0), a1 = Lanes(repeating: bias?[co + 1] ?? 0)
                        var a2 = Lanes(repeating: bias?[co + 2] ?? 0), a3 = Lanes(repeating: bias?[co + 3] ?? 0)
                        var a4 = Lanes(repeating: bias?[co + 4] ?? 0), a5 = Lanes(repeating: bias?[co + 5] ?? 0)
                        var a6 = Lanes(repeating: bias?[co + 6] ?? 0), a7 = Lanes(repeating: bias?[co + 7] ?? 0)
                        var wp = w
                        for ci in 0..<g.inChannels {
                            let base = input + ci * plane
                            for ky in 0..<g.kh {
                                let row = base + (g.offY + oy * g.strideY + ky * g.dilY) * g.inW
                                    + g.offX + ox * g.strideX
                                for kx in 0..<g.kw {
                                    let v = load(row + kx * g.dilX, stride: g.strideX)
                                    a0.addProduct(v, Lanes(repeating: wp[0]))
                                    a1.addProduct(v, Lanes(repeating: wp[1]))
                                    a2.addProduct(v, Lanes(repeating: wp[2]))
                                    a3.addProduct(v, Lanes(repeating: wp[3]))
                                    a4.addProduct(v, Lanes(repeating: wp[4]))
                                    a5.addProduct(v, Lanes(repeating: wp[5]))
                                    a6.addProduct(v, Lanes(repeating: wp[6]))
                                    a7.addProduct(v, Lanes(repeating: wp[7]))
                                    wp += block
                                }
                            }
                        }
                        let o = out + co * outPlane + oy * g.outW + ox
                        storeLanes(a0, o); storeLanes(a1, o + outPlane)
                        storeLanes(a2, o + 2 * outPlane); storeLanes(a3, o + 3 * outPlane)
                        storeLanes(a4, o + 4 * outPlane); storeLanes(a5, o + 5 * outPlane)
                        storeLanes(a6, o + 6 * outPlane); storeLanes(a7, o + 7 * outPlane)
                        ox += 8
                    }
                    // Remaining columns: one pixel, 8 channels.
                    while ox < g.outW {
                        var acc = bias.map { loadLanes($0 + co) } ?? Lanes()
                        var wp = w
                        for ci in 0..<g.inChannels {
                            let base = input + ci * plane
                            for ky in 0..<g.kh {
                                let row = base + (g.offY + oy * g.strideY + ky * g.dilY) * g.inW
                                    + g.offX + ox * g.strideX
                                for kx in 0..<g.kw {
                                    acc.addProduct(Lanes(repeating: row[kx * g.dilX]), loadLanes(wp))
                                    wp += block
                                }
                            }
                        }
                        for r in 0..<block { out[(co + r) * outPlane + oy * g.outW + ox] = acc[r] }
                        ox += 1
                    }
                }
                co += block
            } else {
                // A single channel (the remainder of the blocks, e.g. a disparity head).
                let w = weights.storage + fullBlocks * g.inChannels * taps * block
                    + (co - fullBlocks * block) * g.inChannels * taps
                for oy in 0..<g.outH {
                    var ox = 0
                    while ox + 8 <= g.outW {
                        var acc = Lanes(repeating: bias?[co] ?? 0)
                        var wp = w
                        for ci in 0..<g.inChannels {
                            let base = input + ci * plane
                            for ky in 0..<g.kh {
                                let row = base + (g.offY + oy * g.strideY + ky * g.dilY) * g.inW
                                    + g.offX + ox * g.strideX
                                for kx in 0..<g.kw {
                                    acc.addProduct(load(row + kx * g.dilX, stride: g.strideX), Lanes(repeating: wp[0]))
                                    wp += 1
                                }
                            }
                        }
                        storeLanes(acc, out + co * outPlane + oy * g.outW + ox)
                        ox += 8
                    }
                    while ox < g.outW {
                        var acc: Float = bias?[co] ?? 0
                        var wp = w
                        for ci in 0..<g.inChannels {
                            let base = input + ci * plane
                            for ky in 0..<g.kh {
                                let row = base + (g.offY + oy * g.strideY + ky * g.dilY) * g.inW
                                    + g.offX + ox * g.strideX
                                for kx in 0..<g.kw {
                                    acc = acc.addingProduct(row[kx * g.dilX], wp[0])
                                    wp += 1
                                }
                            }
                        }
                        out[co * outPlane + oy * g.outW + ox] = acc
                        ox += 1
                    }
                }
                co += 1
            }
        }
    }

    /// 8 consecutive inputs (stride 1) or the even ones of 16 (stride 2).
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, stride: Int) -> Lanes {
        stride == 1 ? loadLanes(p) : UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self).evenHalf
    }

    /// dW[co, ci, ky, kx] = sum over images, oy, ox of gOut[n, co, oy, ox] *
    /// input[n, ci, oy * strideY + ky * dilY, ox * strideX + kx * dilX] (input padded, offsets
    /// 0), for output channels `channels`; taps at most 9 (accumulators in registers).
    /// Each pixel row is summed in 8 lanes, lanes and rows in a fixed order.
    static func weightGradient(_ input: UnsafePointer<Float>, inputImage: Int, _ gOut: UnsafePointer<Float>,
                               outputImage: Int, batch: Int, _ g: Geometry, channels: Range<Int>,
                               into gw: UnsafeMutablePointer<Float>) {
        let taps = g.kh * g.kw
        precondition(taps <= 9, "DirectConvolution.weightGradient: at most 9 taps")
        let plane = g.inH * g.inW, outPlane = g.outH * g.outW
        var tapOffsets = [Int](repeating: 0, count: 9)
        for ky in 0..<g.kh { for kx in 0..<g.kw { tapOffsets[ky * g.kw + kx] = ky * g.dilY * g.inW + kx * g.dilX } }
        tapOffsets.withUnsafeBufferPointer { offsets in
            let t = offsets.baseAddress!
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 9) { tailBuffer in
                let tail = tailBuffer.baseAddress!
                for co in channels {
                    for ci in 0..<g.inChannels {
                        var acc = (Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes(), Lanes())
                        tail.update(repeating: 0, count: 9)
                        for n in 0..<batch {
                            let base = input + n * inputImage + ci * plane
                            let grad = gOut + n * outputImage + co * outPlane
                            for oy in 0..<g.outH {
                                let row = base + oy * g.strideY * g.inW
                                let gr = grad + oy * g.outW
                                var ox = 0
                                while ox + 8 <= g.outW {
                                    let gv = loadLanes(gr + ox)
                                    let p = row + ox * g.strideX
                                    acc.0.addProduct(gv, load(p + t[0], stride: g.strideX))
                                    if taps > 1 { acc.1.addProduct(gv, load(p + t[1], stride: g.strideX)) }
                                    if taps > 2 { acc.2.addProduct(gv, load(p + t[2], stride: g.strideX)) }
                                    if taps > 3 { acc.3.addProduct(gv, load(p + t[3], stride: g.strideX)) }
                                    if taps > 4 { acc.4.addProduct(gv, load(p + t[4], stride: g.strideX)) }
                                    if taps > 5 { acc.5.addProduct(gv, load(p + t[5], stride: g.strideX)) }
                                    if taps > 6 { acc.6.addProduct(gv, load(p + t[6], stride: g.strideX)) }
                                    if taps > 7 { acc.7.addProduct(gv, load(p + t[7], stride: g.strideX)) }
                                    if taps > 8 { acc.8.addProduct(gv, load(p + t[8], stride: g.strideX)) }
                                    ox += 8
                                }
                                while ox < g.outW {
                                    let gv = gr[ox]
                                    let p = row + ox * g.strideX
                                    for k in 0..<taps { tail[k] = tail[k].addingProduct(gv, p[t[k]]) }
                                    ox += 1
                                }
                            }
                        }
                        let dst = gw + (co * g.inChannels + ci) * taps
                        dst[0] = horizontalSum(acc.0) + tail[0]
                        if taps > 1 { dst[1] = horizontalSum(acc.1) + tail[1] }
                        if taps > 2 { dst[2] = horizontalSum(acc.2) + tail[2] }
                        if taps > 3 { dst[3] = horizontalSum(acc.3) + tail[3] }
                        if taps > 4 { dst[4] = horizontalSum(acc.4) + tail[4] }
                        if taps > 5 { dst[5] = horizontalSum(acc.5) + tail[5] }
                        if taps > 6 { dst[6] = horizontalSum(acc.6) + tail[6] }
                        if taps > 7 { dst[7] = horizontalSum(acc.7) + tail[7] }
                        if taps > 8 { dst[8] = horizontalSum(acc.8) + tail[8] }
                    }
                }
            }
        }
    }
}
