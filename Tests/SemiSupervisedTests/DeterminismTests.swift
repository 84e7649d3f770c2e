import XCTest
import TensorEngine
import EngineTestSupport
import SemiSupervised

final class DeterminismTests: XCTestCase {
    let images = randomTensor([2, 3, 40, 64], 0, 1, seed: 1, requiresGrad: false)
    let teacher = withoutGradients { (randomTensor([2, 5, 40, 64], -3, 3, seed: 2, requiresGrad: false) * 2).softmax(axis: 1) }
    let disparities = randomTensor([2, 1, 40, 64], 0.01, 0.3, seed: 3, requiresGrad: false)

    private func batch(_ strategy: MixedBatch.Strategy, seed: UInt64) -> MixedBatch {
        var rng = RandomGenerator(seed: seed)
        return MixedBatch(images: images, teacherProbabilities: teacher, strategy: strategy, rng: &rng)
    }

    private func strategies() -> [MixedBatch.Strategy] {
        [.classMix(), .depth(disparities: disparities),
         .depth(disparities: disparities, foregroundThreshold: .uniform(lower: 0, upper: 0.5))]
    }

    /// The same seed gives bit-identical masks, images and teacher outputs, whatever the
    /// thread count; other seeds give other batches.
    func testSameSeedSameBatch() {
        for strategy in strategies() {
            let a = batch(strategy, seed: 42), b = batch(strategy, seed: 42)
            XCTAssertEqual(a.masks.scalars, b.masks.scalars)
            XCTAssertEqual(a.images.scalars.map(\.bitPattern), b.images.scalars.map(\.bitPattern))
            XCTAssertEqual(a.teacherProbabilities.scalars, b.teacherProbabilities.scalars)
            XCTAssertEqual(a.augmentation, b.augmentation)
            assertIndependentOfThreadCount { batch(strategy, seed: 42).images.scalars }
        }
        let classMixes = (0..<6 as Range<UInt64>).map { batch(.classMix(), seed: $0) }
        XCTAssertGreaterThan(Set(classMixes.map(\.masks.scalars)).count, 1)
        XCTAssertGreaterThan(Set(classMixes.map(\.images.scalars)).count, 1)
    }

    /// Mixing comes before augmentation: the mixed teacher output is exactly the teacher
    /// mixed by the batch's masks, and the images are the mixed images augmented by the
    /// recorded draw. DepthMix with the paper's threshold draws nothing for its masks.
    func testBatchIsMixThenAugment() {
        for seed in 0..<8 as Range<UInt64> {
            let b = batch(.depth(disparities: disparities), seed: seed)
            var rng = RandomGenerator(seed: seed)
            XCTAssertEqual(b.masks.scalars, DepthMix.masks(disparities: disparities, rng: &rng).scalars)
            XCTAssertEqual(b.augmentation, StrongAugmentation().draw(batchSize: 2, rng: &rng))
            XCTAssertEqual(b.teacherProbabilities.scalars, Mixing.mix(teacher, masks: b.masks).scalars)
            XCTAssertEqual(b.images.scalars,
                           StrongAugmentation.apply(b.augmentation, to: Mixing.mix(images, masks: b.masks)).scalars)
        }
    }

    /// Without mixing (the published "pseudo-labels" row) the masks are ones, the teacher
    /// output is the teacher's own, and the images are the originals strongly augmented
    /// by a draw that is the batch's first.
    func testUnmixedBatchKeepsEachImage() {
        for seed in 0..<4 as Range<UInt64> {
            let b = batch(.unmixed, seed: seed)
            var rng = RandomGenerator(seed: seed)
            XCTAssertEqual(b.masks.shape, [2, 1, 40, 64])
            XCTAssert(b.masks.scalars.allSatisfy { $0 == 1 })
            XCTAssertEqual(b.augmentation, StrongAugmentation().draw(batchSize: 2, rng: &rng))
            XCTAssertEqual(b.teacherProbabilities.scalars, teacher.scalars)
            XCTAssertEqual(b.images.scalars, StrongAugmentation.apply(b.augmentation, to: images).scalars)
        }
    }
}
