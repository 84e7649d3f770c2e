/// The outcome of checking a tree: how many labelled frames each split has and every
/// problem found, sorted.
public struct CityscapesTreeReport: Sendable {
    /// Labelled frames (leftImg8bit images) checked per split, in train, val, test order.
    public var samplesPerSplit: [(split: CityscapesSplit, samples: Int)]
    /// Every problem, sorted.
    public var problems: [CityscapesTreeProblem]

    /// Total number of labelled frames checked.
    public var sampleCount: Int { samplesPerSplit.reduce(0) { $0 + $1.samples } }

    /// The summary line, e.g. "checked 24 train + 8 val samples: 0 problems".
    public var summary: String {
        let counts = samplesPerSplit.map { "\($0.samples) \($0.split.rawValue)" }.joined(separator: " + ")
        let what = counts.isEmpty ? "no samples" : counts + " samples"
        return "checked \(what): \(problems.count) problem\(problems.count == 1 ? "" : "s")"
    }
}
