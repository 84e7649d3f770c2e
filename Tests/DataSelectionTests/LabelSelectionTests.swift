import XCTest
import TensorEngine
import DataSelection

final class LabelSelectionTests: XCTestCase {
    /// Features [N, C, 4, 8] drawn at random (already at the paper's pooled size).
    private func randomFeatures(_ n: Int, seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.normal([n, 6, 4, 8], rng: &rng)
    }

    /// Random: the seeded order without the selected ones; successive steps are nested
    /// prefixes, and with the reference's seed the first step is the paper's.
    func testRandomTakesPrefixesOfTheSeededOrder() throws {
        let rng = SelectionRandomness.numpy(seed: 42)
        let first = try LabelSelection.choose(method: .random, candidateCount: 2975, alreadySelected: [], count: 25, rng: rng)
        XCTAssertEqual(Array(first.prefix(5)), [2403, 2865, 2159, 507, 2462])
        let second = try LabelSelection.choose(method: .random, candidateCount: 2975, alreadySelected: first, count: 25, rng: rng)
        XCTAssertEqual(first + second, Array(rng.order(count: 2975).prefix(50)))
    }

    /// 'us' and 'ent': the first step is random; later the highest scores among the
    /// unselected, ties to the lower index.
    func testScoreMethodsPickTheHighestScores() throws {
        let rng = SelectionRandomness.numpy(seed: 43)
        let scores: [Float] = [9, 0.5, 0.7, 0.2, 0.7, 0.1, 0.9, 0.3, 0.7, 0.0]
        for method in [SelectionMethod.us, .ent] {
            let start = try LabelSelection.choose(method: method, candidateCount: 10, alreadySelected: [], count: 3,
                                                  difficulty: scores, entropy: scores, rng: rng)
            XCTAssertEqual(start, Array(rng.order(count: 10).prefix(3)))
            let next = try LabelSelection.choose(method: method, candidateCount: 10, alreadySelected: [0, 6], count: 4,
                                                 difficulty: method == .us ? scores : nil,
                                                 entropy: method == .ent ? scores : nil, rng: rng)
            XCTAssertEqual(next, [2, 4, 8, 1])
        }
        XCTAssertThrowsError(try LabelSelection.choose(method: .us, candidateCount: 10, alreadySelected: [0], count: 1,
                                                       entropy: scores, rng: rng)) { error in
            XCTAssertEqual(error as? DataSelectionError, .missingInput(method: .us, input: "difficulty"))
        }
    }

    /// The first step of 'ds' and 'ds_us': the first candidate of the seeded order, then
    /// farthest-point selection without the bias (difficulty is ignored).
    func testDiversityFirstStep() throws {
        let features = randomFeatures(30, seed: 1)
        let rng = SelectionRandomness.numpy(seed: 44)
        let seed = rng.order(count: 30)[0]
        let distances = DiversityFeatures.distances(features)
        let expected = [seed] + FarthestPointSelection.select(distances: distances, from: [seed], count: 7).indices
        let ds = try LabelSelection.choose(method: .ds, candidateCount: 30, alreadySelected: [], count: 8,
                                           features: features, rng: rng)
        XCTAssertEqual(ds, expected)
        let hard = (0..<30).map { Float($0) }
        let dsUs = try LabelSelection.choose(method: .dsUs, candidateCount: 30, alreadySelected: [], count: 8,
                                             features: features, difficulty: hard, rng: rng)
        XCTAssertEqual(dsUs, expected)
    }

    /// Without a bias the greedy order does not depend on how it is split into steps:
    /// 3 then 4 equals 7 at once (why the reference selects 'ds' in one go).
    func testDiversityStepsArePrefixes() throws {
        let features = randomFeatures(25, seed: 2)
        let rng = SelectionRandomness.generator(RandomGenerator(seed: 9))
        let first = try LabelSelection.choose(method: .ds, candidateCount: 25, alreadySelected: [], count: 3,
                                              features: features, rng: rng)
        let second = try LabelSelection.choose(method: .ds, candidateCount: 25, alreadySelected: first, count: 4,
                                               features: features, rng: rng)
        let once = try LabelSelection.choose(method: .ds, candidateCount: 25, alreadySelected: [], count: 7,
                                             features: features, rng: rng)
        XCTAssertEqual(first + second, once)
    }

    /// Candidate 0 at 0 (selected), A = 1 at 10 (easy), B = 2 at 1 (hard). Each image's
    /// features are constant, so after standardisation (mean 11/3, unbiased std over the
    /// 96 values 4.5205183) distances are |x_i - x_j| x sqrt(32) / std = 1.2513729 |x_i - x_j|
    /// (PyTorch's std_mean and cdist give the same): A is 12.514 away, B 1.251. Diversity
    /// alone takes A first; with the bias, 1000 x 0.02 = 20 is added to B's column,
    /// 21.25 > 12.51, so the hard B comes first. A smaller difficulty (0.005: 1.25 + 5 <
    /// 12.51) leaves A first. The selected candidate's own difficulty plays no part.
    func testBiasBringsHardCandidatesForward() throws {
        let positions: [Float] = [0, 10, 1]
        let features = Tensor(positions.flatMap { [Float](repeating: $0, count: 32) }, shape: [3, 1, 4, 8])
        let rng = SelectionRandomness.numpy(seed: 1)
        func choose(_ method: SelectionMethod, difficulty: [Float]) throws -> [Int] {
            try LabelSelection.choose(method: method, candidateCount: 3, alreadySelected: [0], count: 2,
                                      features: features, difficulty: difficulty, rng: rng)
        }
        XCTAssertEqual(try choose(.ds, difficulty: [0, 0, 0.02]), [1, 2])
        XCTAssertEqual(try choose(.dsUs, difficulty: [0, 0, 0.02]), [2, 1])
        XCTAssertEqual(try choose(.dsUs, difficulty: [0, 0, 0.005]), [1, 2])
        XCTAssertEqual(try choose(.dsUs, difficulty: [50, 0, 0.005]), [1, 2])

        // The same decision on the distances themselves.
        let distances = DiversityFeatures.distances(features)
        XCTAssertEqual(distances[0, 1], 12.51373, accuracy: 1e-4)
        XCTAssertEqual(distances[0, 2], 1.2513729, accuracy: 1e-5)
        let biased = FarthestPointSelection.select(distances: distances.addingColumnBias([0, 0, 20]), from: [0], count: 2)
        XCTAssertEqual(biased.indices, [2, 1])
        XCTAssertEqual(biased.distances[0], 21.2513729, accuracy: 1e-4)
    }

    /// The same inputs and seed give the same selections over a whole schedule; another
    /// seed gives another.
    func testDeterministicUnderASeed() throws {
        let schedule = try LabelSchedule(trainingSetSize: 60)
        let features = randomFeatures(60, seed: 3)
        func run(_ method: SelectionMethod, _ rng: SelectionRandomness) throws -> [Int] {
            var selected: [Int] = []
            for step in schedule.steps {
                // A stand-in student: difficulty and entropy as functions of index and step.
                let difficulty = (0..<60).map { Float(($0 * 37 + step.index * 11) % 23) / 1000 }
                selected += try LabelSelection.choose(method: method, candidateCount: 60, alreadySelected: selected,
                                                      count: step.newSamples, features: features,
                                                      difficulty: difficulty, entropy: difficulty, rng: rng)
            }
            XCTAssertEqual(selected.count, schedule.sizes.last)
            XCTAssertEqual(Set(selected).count, selected.count)
            return selected
        }
        for method in SelectionMethod.allCases {
            let a = try run(method, .numpy(seed: 42))
            XCTAssertEqual(a, try run(method, .numpy(seed: 42)), "\(method)")
            XCTAssertNotEqual(a, try run(method, .numpy(seed: 43)), "\(method)")
            let b = try run(method, .generator(RandomGenerator(seed: 42)))
            XCTAssertEqual(b, try run(method, .generator(RandomGenerator(seed: 42))), "\(method)")
        }
    }

    /// Invalid calls are errors that say what is wrong.
    func testErrors() {
        let rng = SelectionRandomness.numpy(seed: 0)
        let features = randomFeatures(5, seed: 4)
        XCTAssertThrowsError(try LabelSelection.choose(method: .ds, candidateCount: 5, alreadySelected: [], count: 2,
                                                       rng: rng)) { error in
            XCTAssertEqual(error as? DataSelectionError, .missingInput(method: .ds, input: "features"))
        }
        XCTAssertThrowsError(try LabelSelection.choose(method: .ds, candidateCount: 6, alreadySelected: [], count: 2,
                                                       features: features, rng: rng))
        XCTAssertThrowsError(try LabelSelection.choose(method: .dsUs, candidateCount: 5, alreadySelected: [1], count: 2,
                                                       features: features, rng: rng)) { error in
            XCTAssertEqual(error as? DataSelectionError, .missingInput(method: .dsUs, input: "difficulty"))
        }
        XCTAssertThrowsError(try LabelSelection.choose(method: .us, candidateCount: 5, alreadySelected: [1], count: 2,
                                                       difficulty: [1, 2, 3], rng: rng)) { error in
            XCTAssertEqual(error as? DataSelectionError, .inputCountMismatch(input: "difficulty", expected: 5, actual: 3))
        }
        XCTAssertThrowsError(try LabelSelection.choose(method: .random, candidateCount: 5, alreadySelected: [1, 1],
                                                       count: 1, rng: rng)) { error in
            XCTAssertEqual(error as? DataSelectionError, .invalidSelection(index: 1, candidates: 5))
        }
        XCTAssertThrowsError(try LabelSelection.choose(method: .random, candidateCount: 5, alreadySelected: [7],
                                                       count: 1, rng: rng))
        XCTAssertThrowsError(try LabelSelection.choose(method: .random, candidateCount: 5, alreadySelected: [0, 1],
                                                       count: 4, rng: rng)) { error in
            XCTAssertEqual(error as? DataSelectionError, .notEnoughCandidates(requested: 4, available: 3))
        }
        // Two identical candidates: after one of them and the other, nothing is farther.
        let twins = Tensor([0, 0, 5, 5, 0, 0], shape: [3, 2, 1, 1])
        XCTAssertThrowsError(try LabelSelection.choose(method: .ds, candidateCount: 3, alreadySelected: [0], count: 2,
                                                       features: twins, rng: rng)) { error in
            XCTAssertEqual(error as? DataSelectionError, .farthestPointStopped(after: 1, requested: 2))
        }
    }
}
