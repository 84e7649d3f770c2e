import XCTest
import TensorEngine

/// Compares autograd gradients with central finite differences.
///
/// The objective is sum(f(inputs) * W) for fixed random weights W, so every output
/// element matters with a different weight. It is evaluated in Float64 from the
/// Float32 outputs. At most `maxProbes` elements of each input are probed (chosen at
/// random), which keeps large convolutions cheap while still covering odd positions.
public func assertGradientsMatch(_ inputs: [Tensor], eps: Float = 1e-2, rtol: Double = 2e-2,
                          atol: Double = 2e-3, maxProbes: Int = 40, seed: UInt64 = 7,
                          file: StaticString = #filePath, line: UInt = #line,
                          _ f: ([Tensor]) -> Tensor) {
    for x in inputs { x.zeroGrad() }
    let out = f(inputs)
    var rng = RandomGenerator(seed: seed)
    let weights = Tensor.uniform(out.shape, -1, 1, rng: &rng)
    (out * weights).sum().backward()

    func objective() -> Double {
        let y = withoutGradients { f(inputs) }
        var total = 0.0
        for i in 0..<y.count { total += Double(y.data[i]) * Double(weights.data[i]) }
        return total
    }

    for (n, x) in inputs.enumerated() where x.requiresGrad {
        guard let grad = x.grad else {
            XCTFail("input \(n) received no gradient", file: file, line: line); continue
        }
        let probes = x.count <= maxProbes ? Array(0..<x.count)
            : Array(rng.permutation(x.count).prefix(maxProbes))
        for i in probes {
            let saved = x.data[i]
            x.data[i] = saved + eps
            let plus = objective()
            x.data[i] = saved - eps
            let minus = objective()
            x.data[i] = saved
            let numeric = (plus - minus) / (2 * Double(eps))
            let analytic = Double(grad.data[i])
            let tolerance = atol + rtol * max(abs(numeric), abs(analytic))
            if abs(numeric - analytic) > tolerance {
                XCTFail("input \(n) shape \(x.shape) element \(i): analytic \(analytic) vs numeric \(numeric)",
                        file: file, line: line)
                return
            }
        }
    }
}

/// A tensor of uniform values in [lo, hi) that requires gradients.
public func randomTensor(_ shape: [Int], _ lo: Float = -1, _ hi: Float = 1, seed: UInt64,
                  requiresGrad: Bool = true) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    return Tensor.uniform(shape, lo, hi, rng: &rng, requiresGrad: requiresGrad)
}

/// Asserts two float arrays agree elementwise within `accuracy`.
public func assertClose(_ a: [Float], _ b: [Float], accuracy: Float = 1e-5,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "lengths differ", file: file, line: line)
    for (i, (x, y)) in zip(a, b).enumerated() where abs(x - y) > accuracy * max(1, abs(y)) {
        XCTFail("element \(i): \(x) vs \(y)", file: file, line: line)
        return
    }
}

/// Runs `body` with 1 and with 2 engine threads and asserts that the values it returns
/// are bit-identical: a parallel split must never change a result.
public func assertIndependentOfThreadCount(file: StaticString = #filePath, line: UInt = #line,
                                    _ body: () -> [Float]) {
    let saved = Parallel.threads
    defer { Parallel.threads = saved }
    Parallel.threads = 1
    let one = body()
    Parallel.threads = 2
    let two = body()
    XCTAssertEqual(one.map(\.bitPattern), two.map(\.bitPattern),
                   "results differ between 1 and 2 threads", file: file, line: line)
}
