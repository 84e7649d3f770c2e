/// Column matrices for convolution as a matrix product (im2col) and the reverse
/// scatter (col2im).
///
/// For one image with C channels, the column matrix has C * kh * kw rows (row
/// (c * kh + ky) * kw + kx) and Ho * Wo columns. Callers place several images side by
/// side by passing the row stride `ld` and the column offset of the image.
enum Im2Col {
    /// Writes the column matrix of `image` ([C, H, W]) into `cols` rows `ld` apart,
    /// starting at column `columnOffset`. Rows are independent, so they are split
    /// across threads (balanced even for the 3-channel stem).
    static func expand(_ image: UnsafePointer<Float>, channels: Int, geometry g: ConvGeometry,
                       into cols: UnsafeMutablePointer<Float>, ld: Int, columnOffset: Int) {
        let (ho, wo, hw) = (g.outHeight, g.outWidth, g.inHeight * g.inWidth)
        let rows = channels * g.taps
        Parallel.forEachChunk(rows, grain: Swift.max(1, Parallel.minimumGrain / Swift.max(ho * wo, 1))) { _, range in
            for row in range {
                let c = row / g.taps, ky = (row % g.taps) / g.kernelWidth, kx = row % g.kernelWidth
                let plane = image + c * hw
                let dst = cols + row * ld + columnOffset
                let valid = g.validColumns(kx: kx)
                let xOffset = kx * g.dilationX - g.padX
                for oy in 0..<ho {
                    let iy = oy * g.strideY - g.padY + ky * g.dilationY
                    let out = dst + oy * wo
                    if iy < 0 || iy >= g.inHeight || valid.isEmpty {
                        out.update(repeating: 0, count: wo)
                        continue
                    }
                    if valid.lowerBound > 0 { out.update(repeating: 0, count: valid.lowerBound) }
                    if valid.upperBound < wo {
                        (out + valid.upperBound).update(repeating: 0, count: wo - valid.upperBound)
                    }
                    let src = plane + iy * g.inWidth + xOffset
                    if g.strideX == 1 {
                        (out + valid.lowerBound).update(from: src + valid.lowerBound, count: valid.count)
                    } else if g.strideX == 2 {
                        // Even elements of 16 contiguous inputs, 8 outputs at a time, while
                        // the 16 reads stay inside the input row.
                        var ox = valid.lowerBound
                        while ox + 8 <= valid.upperBound && xOffset + 2 * ox + 16 <= g.inWidth {
                            let wide = UnsafeRawPointer(src + 2 * ox).loadUnaligned(as: SIMD16<Float>.self)
                            storeLanes(wide.evenHalf, out + ox)
                            ox += 8
                        }
                        while ox < valid.upperBound { out[ox] = src[2 * ox]; ox += 1 }
                    } else {
                        for ox in valid { out[ox] = src[ox * g.strideX] }
                    }
                }
            }
        }
    }

    /// Adds the column matrix `cols` (layout as in `expand`) back onto `image`
    /// ([C, H, W]), summing overlapping taps. Parallel over channels, so each thread
    /// owns whole input planes: race-free and deterministic.
    static func accumulate(_ cols: UnsafePointer<Float>, ld: Int, columnOffset: Int,
                           channels: Int, geometry g: ConvGeometry,
                           into image: UnsafeMutablePointer<Float>) {
        let (ho, wo, hw) = (g.outHeight, g.outWidth, g.inHeight * g.inWidth)
        Parallel.forEachChunk(channels, grain: Swift.max(1, Parallel.minimumGrain / Swift.max(ho * wo * g.taps, 1))) { _, range in
            for c in range {
                let plane = image + c * hw
                for ky in 0..<g.kernelHeight {
                    for kx in 0..<g.kernelWidth {
                        let row = (c * g.kernelHeight + ky) * g.kernelWidth + kx
                        let src = cols + row * ld + columnOffset
                        let valid = g.validColumns(kx: kx)
                        if valid.isEmpty { continue }
                        let xOffset = kx * g.dilationX - g.padX
                        for oy in 0..<ho {
                            let iy = oy * g.strideY - g.padY + ky * g.dilationY
                            if iy < 0 || iy >= g.inHeight { continue }
                            let dst = plane + iy * g.inWidth + xOffset
                            let s = src + oy * wo
                            if g.strideX == 1 {
                                var ox = valid.lowerBound
                                while ox + 8 <= valid.upperBound {
                                    storeLanes(loadLanes(dst + ox) + loadLanes(s + ox), dst + ox)
                                    ox += 8
                                }
                                while ox < valid.upperBound { dst[ox] += s[ox]; ox += 1 }
                            } else {
                                for ox in valid { dst[ox * g.strideX] += s[ox] }
                            }
                        }
                    }
                }
            }
        }
    }
}
