import TensorEngine

/// One step of data selection for annotation: which candidates to label next (reference:
/// label_selection.py `choose_initial_samples` for the first step, `choose_new_samples`
/// for the others).
///
/// Candidates are the N training images, numbered 0..<N in the order the job lists them
/// (the reference's loader order: ascending image index). Every per-candidate input
/// follows that numbering. A job runs one call per schedule step, passing the selection
/// so far; the method decides:
///
/// - `random`: the seeded candidate order without the selected ones, first `count`.
/// - `ent`, `us`: first step as `random`; later the `count` unselected candidates with
///   the highest score (`entropy`, resp. `difficulty`), ties to the lower index (the
///   reference's stable descending sort over loader order).
/// - `ds`, `dsUs`: first step: the first candidate of the seeded order, then `count` - 1
///   by farthest-point selection without bias (no student exists yet). Later steps:
///   farthest-point selection from the current set, on the feature distances — plus, for
///   `dsUs`, the column bias `biasWeight` x difficulty of every unselected candidate
///   (0 for selected ones, which the reference does not score).
public enum LabelSelection {
    /// The `count` candidates to add to `alreadySelected`, in selection order.
    ///
    /// - Parameters:
    ///   - method: the selection method.
    ///   - candidateCount: N, the number of candidate images.
    ///   - alreadySelected: indices selected so far (empty for the first step).
    ///   - count: how many to add (the step's `newSamples`).
    ///   - features: for `ds`/`dsUs`, the depth teacher's ("upconv", 3) features of all N
    ///     candidates, [N, C, H, W], pooled to h x 2h already or not (`DiversityFeatures`).
    ///   - difficulty: for `us` and later `dsUs` steps, N 'abs_log' scores
    ///     (`DepthDifficulty`) of the current student; entries of selected candidates are
    ///     ignored.
    ///   - entropy: for later `ent` steps, N entropy scores (`SegmentationEntropy`).
    ///   - rng: the seeded candidate order (the same value at every step of a run).
    ///   - settings: pooling, standardisation and bias weight (the paper's by default).
    /// - Throws: `DataSelectionError` for a missing or mis-sized input, an invalid
    ///   selection, too few candidates, or farthest-point selection running out.
    public static func choose(method: SelectionMethod, candidateCount: Int, alreadySelected: [Int], count: Int,
                              features: Tensor? = nil, difficulty: [Float]? = nil, entropy: [Float]? = nil,
                              rng: SelectionRandomness, settings: DiversitySettings = .paper) throws -> [Int] {
        var distances: DistanceMatrix?
        if method.startsWithFarthestPoint {
            guard let features else { throw DataSelectionError.missingInput(method: method, input: "features") }
            guard features.rank == 4, features.shape[0] == candidateCount else {
                throw DataSelectionError.inputCountMismatch(input: "features \(features.shape)",
                                                            expected: candidateCount,
                                                            actual: features.rank > 0 ? features.shape[0] : 0)
            }
            distances = DiversityFeatures.distances(features, settings: settings)
        }
        return try choose(method: method, candidateCount: candidateCount, alreadySelected: alreadySelected,
                          count: count, distances: distances, difficulty: difficulty, entropy: entropy,
                          rng: rng, settings: settings)
    }

    /// As `choose(method:candidateCount:alreadySelected:count:features:...)` with the
    /// feature distances computed once by the caller (`DiversityFeatures.distances`, no
    /// bias term): the teacher's features do not change between steps.
    public static func choose(method: SelectionMethod, candidateCount n: Int, alreadySelected: [Int], count: Int,
                              distances: DistanceMatrix?, difficulty: [Float]? = nil, entropy: [Float]? = nil,
                              rng: SelectionRandomness, settings: DiversitySettings = .paper) throws -> [Int] {
        var isSelected = [Bool](repeating: false, count: n)
        for i in alreadySelected {
            guard (0..<n).contains(i), !isSelected[i] else {
                throw DataSelectionError.invalidSelection(index: i, candidates: n)
            }
            isSelected[i] = true
        }
        let available = n - alreadySelected.count
        guard count <= available else {
            throw DataSelectionError.notEnoughCandidates(requested: count, available: available)
        }
        guard count > 0 else { return [] }
        let isFirstStep = alreadySelected.isEmpty

        switch method {
        case .random:
            return Array(rng.order(count: n).lazy.filter { !isSelected[$0] }.prefix(count))
        case .ent, .us:
            if isFirstStep { return Array(rng.order(count: n).prefix(count)) }
            let name = method == .ent ? "entropy" : "difficulty"
            let scores = try input(method == .ent ? entropy : difficulty, name: name, method: method, count: n)
            return highestScores(scores, excluding: isSelected, count: count)
        case .ds, .dsUs:
            guard let distances else { throw DataSelectionError.missingInput(method: method, input: "features") }
            guard distances.count == n else {
                throw DataSelectionError.inputCountMismatch(input: "distances", expected: n, actual: distances.count)
            }
            if isFirstStep {
                let seed = rng.order(count: n)[0]
                let rest = FarthestPointSelection.select(distances: distances, from: [seed], count: count - 1)
                return try complete([seed] + rest.indices, requested: count)
            }
            var matrix = distances
            if method == .dsUs {
                let scores = try input(difficulty, name: "difficulty", method: method, count: n)
                let bias = scores.indices.map { isSelected[$0] ? 0 : settings.biasWeight * scores[$0] }
                matrix = distances.addingColumnBias(bias)
            }
            let chosen = FarthestPointSelection.select(distances: matrix, from: alreadySelected, count: count)
            return try complete(chosen.indices, requested: count)
        }
    }

    /// The `count` unselected indices with the highest scores, ties to the lower index;
    /// NaN scores rank last.
    static func highestScores(_ scores: [Float], excluding isSelected: [Bool], count: Int) -> [Int] {
        let candidates = scores.indices.filter { !isSelected[$0] }
        let ranked = candidates.sorted { a, b in
            let (x, y) = (scores[a], scores[b])
            if x.isNaN || y.isNaN { return !x.isNaN && y.isNaN || (x.isNaN == y.isNaN && a < b) }
            return x != y ? x > y : a < b
        }
        return Array(ranked.prefix(count))
    }

    private static func input(_ values: [Float]?, name: String, method: SelectionMethod, count: Int) throws -> [Float] {
        guard let values else { throw DataSelectionError.missingInput(method: method, input: name) }
        guard values.count == count else {
            throw DataSelectionError.inputCountMismatch(input: name, expected: count, actual: values.count)
        }
        return values
    }

    private static func complete(_ chosen: [Int], requested: Int) throws -> [Int] {
        guard chosen.count == requested else {
            throw DataSelectionError.farthestPointStopped(after: chosen.count, requested: requested)
        }
        return chosen
    }
}
