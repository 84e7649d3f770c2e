/// Iterative farthest-point selection (reference: label_selection.py
/// `iterative_farthest_point`).
///
/// Starting from a non-empty selected set S, each step computes, for every candidate j
/// (selected ones included), m(j) = min over i in S of D[i, j] — the minimum over the
/// selected *rows* of column j, so a column bias counts once — and takes the j with the
/// largest m(j), the lowest index among equals (torch.max's first maximal index). If that
/// j is already selected (every unselected m(j) is 0, or no larger than a selected
/// column's), selection stops early, as in the reference. NaN values never win.
public enum FarthestPointSelection {
    /// The chosen candidates in order, with the minimum distance m(j) each had when
    /// chosen (non-increasing without a bias term).
    public struct Result: Equatable, Sendable {
        public let indices: [Int]
        public let distances: [Float]
    }

    /// Up to `count` candidates added to `selected` (indices into `distances`, non-empty)
    /// in greedy farthest-point order.
    public static func select(distances: DistanceMatrix, from selected: [Int], count: Int) -> Result {
        let n = distances.count
        precondition(!selected.isEmpty, "FarthestPointSelection: the selected set must not be empty")
        precondition(selected.allSatisfy { (0..<n).contains($0) },
                     "FarthestPointSelection: selected indices must lie in 0..<\(n)")
        var isSelected = [Bool](repeating: false, count: n)
        for i in selected { isSelected[i] = true }
        var nearest = [Float](repeating: .infinity, count: n)
        var indices: [Int] = [], chosenDistances: [Float] = []
        distances.values.withUnsafeBufferPointer { d in
            nearest.withUnsafeMutableBufferPointer { m in
                func include(row i: Int) {
                    let row = d.baseAddress! + i * n
                    for j in 0..<n where row[j] < m[j] { m[j] = row[j] }
                }
                for i in selected { include(row: i) }
                for _ in 0..<max(count, 0) {
                    var best = -Float.infinity, winner = -1
                    for j in 0..<n where m[j] > best {
                        best = m[j]
                        winner = j
                    }
                    if winner < 0 || isSelected[winner] { break }
                    isSelected[winner] = true
                    indices.append(winner)
                    chosenDistances.append(best)
                    include(row: winner)
                }
            }
        }
        return Result(indices: indices, distances: chosenDistances)
    }
}
