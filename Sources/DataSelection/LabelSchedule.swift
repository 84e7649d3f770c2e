/// The label schedule of data selection (experiment 211): the subset sizes chosen in turn
/// and the training iterations of the student trained on each.
///
/// The paper (Cityscapes, 2975 training images) selects 25, 50, 100, 200, 372 and 744
/// images and trains a student for 4k, 8k, 12k, 16k, 20k and 24k iterations on them,
/// each from scratch (train_from_scratch and last_from_scratch are both true).
///
/// Scaling to a training set of n images keeps the fractions: size k is the paper's
/// size k times n / 2975, rounded to the nearest integer (halves up), then raised where
/// needed so that every size is at least 1 and larger than the one before (a raise never
/// exceeds n when n >= 6; smaller sets are rejected). n = 2975 gives the paper's sizes
/// exactly. Iterations are the paper's times a profile's factor, rounded to the nearest
/// integer (halves away from zero), at least 1.
public struct LabelSchedule: Equatable, Sendable {
    /// One step: after it, `size` images are selected; a student then trains `iterations`.
    public struct Step: Equatable, Sendable {
        /// Position in the schedule, 0 for the first subset.
        public let index: Int
        /// Number of selected images after this step.
        public let size: Int
        /// Images added in this step (`size` for the first step).
        public let newSamples: Int
        /// Training iterations of this step's student (from scratch: this step's own count).
        public let iterations: Int
        /// Whether this is the last step (the selection's final size).
        public let isLast: Bool
    }

    /// Cityscapes' training images, the paper's candidate set.
    public static let paperTrainingSetSize = 2975
    /// The paper's subset sizes.
    public static let paperSizes = [25, 50, 100, 200, 372, 744]
    /// The paper's student iterations per step.
    public static let paperIterations = [4000, 8000, 12_000, 16_000, 20_000, 24_000]

    /// The number of candidate images n.
    public let trainingSetSize: Int
    /// Selected images after each step, strictly increasing, 1...n.
    public let sizes: [Int]
    /// Student iterations of each step.
    public let iterations: [Int]
    /// Whether each student starts from scratch (the paper: yes). When false a student
    /// continues from the previous step's, for the cumulative `trainingIterations`.
    public let trainFromScratch: Bool

    /// The schedule for `trainingSetSize` candidates with iterations scaled by
    /// `iterationFactor` (1 = the paper's 4k...24k).
    /// - Throws: `DataSelectionError` when fewer than 6 images or the factor is not
    ///   positive and finite.
    public init(trainingSetSize n: Int, iterationFactor: Double = 1, trainFromScratch: Bool = true) throws {
        let paper = LabelSchedule.paperSizes
        guard n >= paper.count else {
            throw DataSelectionError.trainingSetTooSmall(size: n, steps: paper.count)
        }
        guard iterationFactor > 0, iterationFactor.isFinite else {
            throw DataSelectionError.invalidIterationFactor(iterationFactor)
        }
        let total = LabelSchedule.paperTrainingSetSize
        var sizes: [Int] = []
        for p in paper {
            let nearest = (2 * p * n + total) / (2 * total)
            sizes.append(max(nearest, (sizes.last ?? 0) + 1))
        }
        guard let last = sizes.last, last <= n else {
            throw DataSelectionError.trainingSetTooSmall(size: n, steps: paper.count)
        }
        self.trainingSetSize = n
        self.sizes = sizes
        self.iterations = LabelSchedule.paperIterations.map {
            max(1, Int((Double($0) * iterationFactor).rounded()))
        }
        self.trainFromScratch = trainFromScratch
    }

    /// The paper's schedule (2975 images, factor 1).
    public static var paper: LabelSchedule {
        // 2975 >= 6 and factor 1 always succeed.
        try! LabelSchedule(trainingSetSize: paperTrainingSetSize)
    }

    /// The steps in order.
    public var steps: [Step] {
        sizes.indices.map { k in
            Step(index: k, size: sizes[k], newSamples: sizes[k] - (k > 0 ? sizes[k - 1] : 0),
                 iterations: iterations[k], isLast: k == sizes.count - 1)
        }
    }

    /// The trainer's iteration target at each step (the reference's
    /// train_iters_until_step): each step's own count when training from scratch, the
    /// running sum when continuing from the previous student. (In the reference a
    /// continuing schedule's last step starts from scratch, last_from_scratch, yet still
    /// trains to the running sum.)
    public var trainingIterations: [Int] {
        if trainFromScratch { return iterations }
        var sum = 0
        return iterations.map { sum += $0; return sum }
    }
}
