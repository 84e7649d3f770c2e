import TensorEngine

/// An endless stream of training batches from one split, prepared on a background
/// thread while the network trains.
///
/// Which samples: the labelled subset (labels loaded) or every training sequence
/// (unlabelled: colours and intrinsics only). Batch b is a function of (seed, b): its
/// samples come from `BatchOrder`, and the crop, flip and colour draws of its k-th
/// sample from the seed split by (b, k). So `start` resumes a stream exactly.
public final class TrainingLoader {
    /// The reader that cuts and augments samples.
    public let reader: SampleReader
    /// The order of samples and batches.
    public let order: BatchOrder
    /// Whether batches carry labels.
    public let loadsLabels: Bool
    /// Pyramid scales of the intrinsics.
    public let scales: Int
    /// The samples whose labels are ground truth (nil: all, when labels are loaded).
    public let labelledSamples: Set<Int>?
    private let augmentRng: RandomGenerator
    private let prefetcher: BackgroundPrefetcher<TrainingBatch>
    /// The index of the batch the next `next()` returns.
    public private(set) var position: Int

    /// - Parameters:
    ///   - samples: indices into `reader.index` to draw from.
    ///   - loadLabels: load and map the labels (the labelled stream).
    ///   - labelledSamples: the samples whose labels count as ground truth when a stream
    ///     mixes labelled and unlabelled ones (nil: every sample, when labels are loaded).
    ///   - start: the first batch (for resuming at a step).
    ///   - prefetch: batches prepared ahead in the background.
    public init(reader: SampleReader, samples: [Int], batchSize: Int, loadLabels: Bool, seed: UInt64,
                labelledSamples: Set<Int>? = nil, scales: Int = 4, start: Int = 0, prefetch: Int = 2) throws {
        let order = try BatchOrder(samples: samples, batchSize: batchSize, seed: seed)
        let augmentRng = RandomGenerator(seed: seed).split("augmentation")
        self.reader = reader
        self.order = order
        self.loadsLabels = loadLabels
        self.scales = scales
        self.augmentRng = augmentRng
        position = start
        // Fail on the caller's thread for a broken first batch (clear errors early).
        self.labelledSamples = labelledSamples
        let first = try Self.makeBatch(start, reader: reader, order: order, loadLabels: loadLabels,
                                       labelled: labelledSamples, scales: scales, rng: augmentRng)
        prefetcher = BackgroundPrefetcher(start: start + 1, depth: prefetch) { b in
            try Self.makeBatch(b, reader: reader, order: order, loadLabels: loadLabels,
                               labelled: labelledSamples, scales: scales, rng: augmentRng)
        }
        firstBatch = first
    }

    private var firstBatch: TrainingBatch?

    /// Batch `position`, then advances.
    public func next() throws -> TrainingBatch {
        defer { position += 1 }
        if let first = firstBatch {
            firstBatch = nil
            return first
        }
        return try prefetcher.next()
    }

    /// Batch `b` prepared on the calling thread (what `next()` returns at position b).
    public func batch(_ b: Int) throws -> TrainingBatch {
        try Self.makeBatch(b, reader: reader, order: order, loadLabels: loadsLabels,
                           labelled: labelledSamples, scales: scales, rng: augmentRng)
    }

    deinit { prefetcher.stop() }

    private static func makeBatch(_ b: Int, reader: SampleReader, order: BatchOrder, loadLabels: Bool,
                                  labelled: Set<Int>?, scales: Int, rng: RandomGenerator) throws -> TrainingBatch {
        let batchRng = rng.split(b)
        let samples = try order.batch(b).enumerated().map { k, i in
            var sampleRng = batchRng.split(k)
            return try reader.sample(i, loadLabels: loadLabels, isLabelled: labelled.map { $0.contains(i) } ?? loadLabels,
                                     rng: &sampleRng)
        }
        return TrainingBatch(samples: samples, scales: scales)
    }
}
