import TensorEngine

/// An N x N matrix of distances between candidates, row-major: `self[i, j]` is the
/// distance from candidate i to candidate j (column j belongs to candidate j). Unitless
/// (standardised feature units, plus the bias term where added).
public struct DistanceMatrix: Equatable, Sendable {
    /// The number of candidates N.
    public let count: Int
    /// The N x N values, row-major.
    public private(set) var values: [Float]

    /// A matrix of `count` x `count` row-major `values`.
    public init(count: Int, values: [Float]) {
        precondition(values.count == count * count,
                     "DistanceMatrix: \(values.count) values for \(count) x \(count)")
        self.count = count
        self.values = values
    }

    @inlinable public subscript(i: Int, j: Int) -> Float {
        values[i * count + j]
    }

    /// Euclidean distances between the rows of `features` ([N, ...], each candidate's
    /// values flattened, as torch.cdist(p=2) on flatten(start_dim=1)). The Gram matrix
    /// X X^T comes from one OpenBLAS product; d(i, j) = sqrt(max(0, G_ii + G_jj - 2 G_ij)),
    /// computed once per pair so the matrix is exactly symmetric, with a zero diagonal.
    public static func euclidean(_ features: Tensor) -> DistanceMatrix {
        precondition(features.rank >= 1, "DistanceMatrix.euclidean: features need a candidate axis")
        let n = features.shape[0]
        let d = n > 0 ? features.count / n : 0
        var values = [Float](repeating: 0, count: n * n)
        guard n > 0, d > 0 else { return DistanceMatrix(count: n, values: values) }
        let gram = withoutGradients { () -> Tensor in
            let rows = features.detached().reshaped([n, d])
            return rows.matmul(rows.permuted([1, 0]))
        }
        let g = gram.data
        values.withUnsafeMutableBufferPointer { out in
            for i in 0..<n {
                for j in (i + 1)..<n {
                    let squared = g[i * n + i] + g[j * n + j] - 2 * g[i * n + j]
                    let distance = squared > 0 ? squared.squareRoot() : 0
                    out[i * n + j] = distance
                    out[j * n + i] = distance
                }
            }
        }
        return DistanceMatrix(count: n, values: values)
    }

    /// The reference's bias term: `bias[j]` added to every entry of column j (the
    /// distances *to* candidate j), then the diagonal set to 0. With bias = weight x
    /// difficulty, a candidate's minimum distance to any selected set grows by its own
    /// bias, so hard candidates are preferred.
    public func addingColumnBias(_ bias: [Float]) -> DistanceMatrix {
        precondition(bias.count == count, "DistanceMatrix: \(bias.count) bias values for \(count) candidates")
        var result = self
        let n = count
        bias.withUnsafeBufferPointer { bias in
            result.values.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    for j in 0..<n { out[i * n + j] += bias[j] }
                    out[i * n + i] = 0
                }
            }
        }
        return result
    }
}
