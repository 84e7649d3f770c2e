import TensorEngine

/// The order in which a training stream visits its samples: an endless sequence of
/// epochs, each a fresh permutation of the samples drawn from the seed, cut into
/// batches with the incomplete last batch dropped (as the reference's shuffled data
/// loader with drop_last). Batch b's samples depend only on (seed, b), so background
/// preparation, resumption at step b and thread counts cannot change them.
public struct BatchOrder: Sendable {
    /// The samples visited (indices into a `SampleIndex`).
    public let samples: [Int]
    /// Samples per batch.
    public let batchSize: Int
    /// The stream's random source; epochs split from it.
    public let rng: RandomGenerator

    public init(samples: [Int], batchSize: Int, seed: UInt64) throws {
        guard batchSize > 0 else { throw DataPipelineError.invalidSettings("batch size \(batchSize)") }
        guard samples.count >= batchSize else {
            throw DataPipelineError.invalidSettings(
                "\(samples.count) samples cannot fill one batch of \(batchSize)")
        }
        self.samples = samples
        self.batchSize = batchSize
        rng = RandomGenerator(seed: seed).split("batch-order")
    }

    /// Full batches per epoch.
    public var batchesPerEpoch: Int { samples.count / batchSize }

    /// The sample indices of batch `b` (counted from 0 over all epochs).
    public func batch(_ b: Int) -> [Int] {
        let epoch = b / batchesPerEpoch, slot = b % batchesPerEpoch
        var epochRng = rng.split(epoch)
        let permutation = epochRng.permutation(samples.count)
        return (slot * batchSize..<(slot + 1) * batchSize).map { samples[permutation[$0]] }
    }
}
