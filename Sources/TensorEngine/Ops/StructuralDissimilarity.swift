/// SSIM-based dissimilarity as one fused operator (the monodepth loss's SSIM): the five
/// window moments of two images in one sweep instead of padding, pooling and a dozen
/// elementwise passes, with a hand-written backward.
extension Tensor {
    /// clamp((1 - SSIM) / 2, 0, 1) of `self` and `other` ([N, C, H, W] each, H, W >= 2)
    /// -> [N, C, H, W]. SSIM over 3x3 windows of the reflection-padded images (window
    /// means mu, variances and covariance from the same windows):
    /// SSIM = (2 mu_x mu_y + c1)(2 s_xy + c2) / ((mu_x^2 + mu_y^2 + c1)(s_x + s_y + c2)).
    /// Equals the composition reflectionPad2d(1) -> avgPool2d(3, stride 1) -> formula ->
    /// clamp (the gradient passes where the unclamped value lies in [0, 1]), up to
    /// Float32 rounding. Differentiable in both inputs.
    public func structuralDissimilarity(_ other: Tensor, c1: Float, c2: Float) -> Tensor {
        precondition(shape == other.shape && rank == 4 && shape[2] >= 2 && shape[3] >= 2,
                     "structuralDissimilarity: shapes \(shape) and \(other.shape) (H, W >= 2)")
        let x = self, y = other
        let (planes, h, w) = (shape[0] * shape[1], shape[2], shape[3])
        let out = Tensor(uninitializedShape: shape)
        let xp = x.data, yp = y.data, op = out.data
        Parallel.forEachChunk(planes, grain: 1) { _, range in
            let moments = SSIMMoments(height: h, width: w)
            defer { moments.deallocate() }
            for plane in range {
                let offset = plane * h * w
                moments.compute(xp + offset, yp + offset)
                moments.values(into: op + offset, c1: c1, c2: c2)
            }
        }
        return Tensor.record("structuralDissimilarity", output: out, inputs: [x, y]) { g in
            let gx = Tensor(uninitializedShape: x.shape), gy = Tensor(uninitializedShape: y.shape)
            let gp = g.data, gxp = gx.data, gyp = gy.data
            Parallel.forEachChunk(planes, grain: 1) { _, range in
                let moments = SSIMMoments(height: h, width: w)
                defer { moments.deallocate() }
                for plane in range {
                    let offset = plane * h * w
                    moments.compute(xp + offset, yp + offset)
                    moments.backward(xp + offset, yp + offset, gp + offset, gxp + offset, gyp + offset,
                                     c1: c1, c2: c2)
                }
            }
            x.accumulateGrad(gx, fresh: true)
            y.accumulateGrad(gy, fresh: true)
        }
    }
}

/// Scratch planes of one image plane's window moments: the 3x3 means of x, y, x^2, y^2
/// and xy over the reflection-padded plane, computed separably (rows, then columns).
struct SSIMMoments {
    let height: Int, width: Int
    /// mean x, mean y, mean x^2, mean y^2, mean xy, then one row-sum plane per moment.
    let buffer: UnsafeMutablePointer<Float>

    init(height: Int, width: Int) {
        self.height = height
        self.width = width
        buffer = .allocate(capacity: 10 * height * width)
    }

    func deallocate() { buffer.deallocate() }

    var plane: Int { height * width }
    func mean(_ k: Int) -> UnsafeMutablePointer<Float> { buffer + k * plane }
    func rows(_ k: Int) -> UnsafeMutablePointer<Float> { buffer + (5 + k) * plane }

    /// Fills the five mean planes from x and y.
    func compute(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) {
        let (h, w) = (height, width)
        let rx = rows(0), ry = rows(1), rxx = rows(2), ryy = rows(3), rxy = rows(4)
        // Horizontal sums of three with reflection: column -1 is column 1, column w is w - 2.
        @inline(__always) func put(_ o: Int, _ xr: UnsafePointer<Float>, _ yr: UnsafePointer<Float>, _ l: Int, _ c: Int, _ r: Int) {
            let a = xr[l], b = xr[c], d = xr[r]
            let e = yr[l], f = yr[c], q = yr[r]
            rx[o + c] = a + b + d
            ry[o + c] = e + f + q
            rxx[o + c] = a * a + b * b + d * d
            ryy[o + c] = e * e + f * f + q * q
            rxy[o + c] = a * e + b * f + d * q
        }
        for r in 0..<h {
            let xr = x + r * w, yr = y + r * w, o = r * w
            put(o, xr, yr, 1, 0, 1)
            var c = 1
            while c + 8 <= w - 1 {
                let a = loadLanes(xr + c - 1), b = loadLanes(xr + c), d = loadLanes(xr + c + 1)
                let e = loadLanes(yr + c - 1), f = loadLanes(yr + c), q = loadLanes(yr + c + 1)
                storeLanes(a + b + d, rx + o + c)
                storeLanes(e + f + q, ry + o + c)
                storeLanes(a * a + b * b + d * d, rxx + o + c)
                storeLanes(e * e + f * f + q * q, ryy + o + c)
                storeLanes(a * e + b * f + d * q, rxy + o + c)
                c += 8
            }
            while c < w - 1 { put(o, xr, yr, c - 1, c, c + 1); c += 1 }
            put(o, xr, yr, w - 2, w - 1, w - 2)
        }
        // Vertical sums of three rows with reflection, divided by 9.
        let ninth: Float = 1.0 / 9.0
        for k in 0..<5 {
            let src = rows(k), dst = mean(k)
            for r in 0..<h {
                let up = (r == 0 ? 1 : r - 1) * w, mid = r * w, down = (r == h - 1 ? h - 2 : r + 1) * w
                var c = 0
                while c + 8 <= w {
                    storeLanes((loadLanes(src + up + c) + loadLanes(src + mid + c) + loadLanes(src + down + c)) * ninth,
                               dst + mid + c)
                    c += 8
                }
                while c < w { dst[mid + c] = (src[up + c] + src[mid + c] + src[down + c]) * ninth; c += 1 }
            }
        }
    }

    /// clamp((1 - SSIM) / 2, 0, 1) of every pixel into `out`.
    func values(into out: UnsafeMutablePointer<Float>, c1: Float, c2: Float) {
        let m0 = mean(0), m1 = mean(1), m2 = mean(2), m3 = mean(3), m4 = mean(4)
        // Concrete lane types only: generic SIMD code compiles lane by lane.
        @inline(__always) func value(_ mx: Lanes, _ my: Lanes, _ xx: Lanes, _ yy: Lanes, _ xy: Lanes) -> Lanes {
            let sx = xx - mx * mx, sy = yy - my * my, sxy = xy - mx * my
            let numerator = (mx * my * 2 + c1) * (sxy * 2 + c2)
            let denominator = (mx * mx + my * my + c1) * (sx + sy + c2)
            return ((1 - numerator / denominator) * 0.5).clamped(lowerBound: Lanes(repeating: 0),
                                                                  upperBound: Lanes(repeating: 1))
        }
        var i = 0
        while i + 8 <= plane {
            storeLanes(value(loadLanes(m0 + i), loadLanes(m1 + i), loadLanes(m2 + i), loadLanes(m3 + i),
                             loadLanes(m4 + i)), out + i)
            i += 8
        }
        while i < plane {
            out[i] = value(Lanes(repeating: m0[i]), Lanes(repeating: m1[i]), Lanes(repeating: m2[i]),
                           Lanes(repeating: m3[i]), Lanes(repeating: m4[i]))[0]
            i += 1
        }
    }

    /// gx, gy = d/dx, d/dy of sum(g * output) for the plane (overwritten).
    func backward(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>,
                  _ gx: UnsafeMutablePointer<Float>, _ gy: UnsafeMutablePointer<Float>, c1: Float, c2: Float) {
        // The gradient with respect to the five means, per pixel, into the row planes:
        // 0: mean x, 1: mean y, 2: mean x^2 (= mean y^2's), 3: mean xy.
        let gmx = rows(0), gmy = rows(1), gd = rows(2), gxy = rows(3)
        let m0 = mean(0), m1 = mean(1), m2 = mean(2), m3 = mean(3), m4 = mean(4)
        @inline(__always) func moments(_ mx: Lanes, _ my: Lanes, _ xx: Lanes, _ yy: Lanes, _ xy: Lanes, _ g: Lanes)
            -> (Lanes, Lanes, Lanes, Lanes) {
            let sx = xx - mx * mx, sy = yy - my * my, sxy = xy - mx * my
            let a = mx * my * 2 + c1, b = sxy * 2 + c2, c = mx * mx + my * my + c1, d = sx + sy + c2
            let s = (a * b) / (c * d)
            let v = (1 - s) * 0.5
            let inside = (v .>= 0) .& (v .<= 1)
            let gs = Lanes(repeating: 0).replacing(with: -0.5 * g, where: inside)
            let dA = b / (c * d), dB = a / (c * d), dC = -s / c, dD = -s / d
            return (gs * (2 * my * (dA - dB) + 2 * mx * (dC - dD)), gs * (2 * mx * (dA - dB) + 2 * my * (dC - dD)),
                    gs * dD, gs * 2 * dB)
        }
        var i = 0
        while i + 8 <= plane {
            let (a, b, c, d) = moments(loadLanes(m0 + i), loadLanes(m1 + i), loadLanes(m2 + i), loadLanes(m3 + i),
                                       loadLanes(m4 + i), loadLanes(g + i))
            storeLanes(a, gmx + i); storeLanes(b, gmy + i); storeLanes(c, gd + i); storeLanes(d, gxy + i)
            i += 8
        }
        while i < plane {
            let (a, b, c, d) = moments(Lanes(repeating: m0[i]), Lanes(repeating: m1[i]), Lanes(repeating: m2[i]),
                                       Lanes(repeating: m3[i]), Lanes(repeating: m4[i]), Lanes(repeating: g[i]))
            gmx[i] = a[0]; gmy[i] = b[0]; gd[i] = c[0]; gxy[i] = d[0]
            i += 1
        }
        // The adjoint of "reflection pad, then 3x3 mean": per axis, q collects the
        // windows around it, plus those around the reflected border copies.
        let scratch = mean(0)
        for k in 0..<4 { Self.adjointWindowSum(rows(k), height: height, width: width, scratch: scratch) }
        let ninth: Float = 1.0 / 9.0
        var j = 0
        while j + 8 <= plane {
            let xv = loadLanes(x + j), yv = loadLanes(y + j), dv = loadLanes(gd + j), xyv = loadLanes(gxy + j)
            storeLanes((loadLanes(gmx + j) + 2 * xv * dv + yv * xyv) * ninth, gx + j)
            storeLanes((loadLanes(gmy + j) + 2 * yv * dv + xv * xyv) * ninth, gy + j)
            j += 8
        }
        while j < plane {
            gx[j] = (gmx[j] + 2 * x[j] * gd[j] + y[j] * gxy[j]) * ninth
            gy[j] = (gmy[j] + 2 * y[j] * gd[j] + x[j] * gxy[j]) * ninth
            j += 1
        }
    }

    /// In place: t <- T_y(T_x(t)), where per axis of length n, T(t)[q] = t[q-1] + t[q] +
    /// t[q+1] (terms outside [0, n) dropped) + t[0] if q = 1 + t[n-1] if q = n - 2.
    static func adjointWindowSum(_ t: UnsafeMutablePointer<Float>, height h: Int, width w: Int,
                                 scratch: UnsafeMutablePointer<Float>) {
        for r in 0..<h {
            let row = t + r * w, out = scratch + r * w
            out[0] = row[0] + row[1]
            for c in 1..<(w - 1) { out[c] = row[c - 1] + row[c] + row[c + 1] }
            out[w - 1] = row[w - 2] + row[w - 1]
            out[1] += row[0]
            out[w - 2] += row[w - 1]
        }
        for r in 0..<h {
            let out = t + r * w, mid = scratch + r * w
            let up = r > 0 ? mid - w : nil, down = r < h - 1 ? mid + w : nil
            switch (up, down) {
            case let (u?, d?): for c in 0..<w { out[c] = u[c] + mid[c] + d[c] }
            case let (u?, nil): for c in 0..<w { out[c] = u[c] + mid[c] }
            case let (nil, d?): for c in 0..<w { out[c] = mid[c] + d[c] }
            case (nil, nil): for c in 0..<w { out[c] = mid[c] }
            }
        }
        for c in 0..<w {
            t[w + c] += scratch[c]                       // row 0 reflected onto row 1
            t[(h - 2) * w + c] += scratch[(h - 1) * w + c] // row h-1 reflected onto row h-2
        }
    }
}
