import XCTest
import TensorEngine
import DataSelection

final class FarthestPointSelectionTests: XCTestCase {
    /// The greedy sequence, computed independently: at every step, for every unselected
    /// candidate, the minimum of D[i][j] over the selected i by a plain scan; the largest
    /// such minimum wins, the lowest index among equals.
    private func bruteForce(_ d: [[Float]], from start: [Int], count: Int) -> (indices: [Int], distances: [Float]) {
        var selected = start, indices: [Int] = [], distances: [Float] = []
        for _ in 0..<count {
            var best: Float = -1, winner = -1
            for j in d.indices where !selected.contains(j) {
                let nearest = selected.map { d[$0][j] }.min()!
                if nearest > best { best = nearest; winner = j }
            }
            guard winner >= 0 else { break }
            selected.append(winner)
            indices.append(winner)
            distances.append(best)
        }
        return (indices, distances)
    }

    private func matrix(_ d: [[Float]]) -> DistanceMatrix {
        DistanceMatrix(count: d.count, values: d.flatMap { $0 })
    }

    /// Random symmetric 9 x 9 distances (zero diagonal), several starting sets.
    func testMatchesBruteForceOnRandomDistances() {
        for seed in 0..<20 {
            var rng = RandomGenerator(seed: UInt64(seed))
            let n = 9
            var d = [[Float]](repeating: [Float](repeating: 0, count: n), count: n)
            for i in 0..<n { for j in (i + 1)..<n { let v = rng.uniform(0.1, 5); d[i][j] = v; d[j][i] = v } }
            let start = seed % 3 == 0 ? [seed % n] : [seed % n, (seed % n + 4) % n]
            let expected = bruteForce(d, from: start, count: n - start.count)
            let result = FarthestPointSelection.select(distances: matrix(d), from: start, count: n - start.count)
            XCTAssertEqual(result.indices, expected.indices, "seed \(seed)")
            XCTAssertEqual(result.distances, expected.distances, "seed \(seed)")
            XCTAssertEqual(Set(start + result.indices).count, n)
        }
    }

    /// Integer distances with many ties: the lowest index wins each tie.
    func testTiesGoToTheLowestIndex() {
        for seed in 0..<20 {
            var rng = RandomGenerator(seed: 100 + UInt64(seed))
            let n = 8
            var d = [[Float]](repeating: [Float](repeating: 0, count: n), count: n)
            for i in 0..<n { for j in (i + 1)..<n { let v = Float(1 + rng.nextInt(below: 3)); d[i][j] = v; d[j][i] = v } }
            let expected = bruteForce(d, from: [3], count: 7)
            let result = FarthestPointSelection.select(distances: matrix(d), from: [3], count: 7)
            XCTAssertEqual(result.indices, expected.indices, "seed \(seed)")
        }
        // All equal: 0, 1, 2, ... in order after the start.
        let flat = (0..<5).map { i in (0..<5).map { j in i == j ? Float(0) : 1 } }
        XCTAssertEqual(FarthestPointSelection.select(distances: matrix(flat), from: [2], count: 4).indices, [0, 1, 3, 4])
    }

    /// With a column bias the matrix is not symmetric; the minimum runs over the selected
    /// rows of each candidate's column, as in the brute force.
    func testMatchesBruteForceWithColumnBias() {
        for seed in 0..<10 {
            var rng = RandomGenerator(seed: 200 + UInt64(seed))
            let n = 10
            var points: [Float] = []
            for _ in 0..<(n * 3) { points.append(rng.uniform(-1, 1)) }
            let bias = (0..<n).map { _ in rng.uniform(0, 2) }
            let d = DistanceMatrix.euclidean(Tensor(points, shape: [n, 3])).addingColumnBias(bias)
            let rows = (0..<n).map { i in (0..<n).map { j in d[i, j] } }
            let expected = bruteForce(rows, from: [0, 7], count: 8)
            let result = FarthestPointSelection.select(distances: d, from: [0, 7], count: 8)
            XCTAssertEqual(result.indices, expected.indices, "seed \(seed)")
            XCTAssertEqual(result.distances, expected.distances, "seed \(seed)")
        }
    }

    /// Duplicates of selected candidates have distance 0: once only they remain, the
    /// largest minimum is 0, which candidate 0 (selected) also has, so it wins the tie and
    /// selection stops, as the reference does.
    func testStopsWhenOnlyDuplicatesRemain() {
        // Candidates 0 and 2 coincide, 1 is elsewhere; 0 is selected.
        let d = DistanceMatrix.euclidean(Tensor([0, 0, 4, 4, 0, 0], shape: [3, 2]))
        let result = FarthestPointSelection.select(distances: d, from: [0], count: 2)
        XCTAssertEqual(result.indices, [1])
        XCTAssertEqual(result.distances.count, 1)
        XCTAssertEqual(result.distances[0], Float(32).squareRoot(), accuracy: 1e-5)
    }
}
