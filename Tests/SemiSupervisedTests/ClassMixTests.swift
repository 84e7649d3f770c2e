import XCTest
import TensorEngine
import EngineTestSupport
import SemiSupervised

final class ClassMixTests: XCTestCase {
    /// Two 3x4 class maps: image 0 has the five classes 0, 2, 5, 7, 11 and ignored pixels;
    /// image 1 has the six classes 1, 3, 4, 6, 8, 9.
    let maps = Tensor([
        0, 0, 2, 2,
        5, 255, 7, 7,
        11, 11, 255, 0,

        1, 3, 3, 4,
        4, 9, 9, 1,
        6, 8, 3, 4,
    ], shape: [2, 3, 4])

    func testPresentClassesAreSortedWithoutTheIgnoreLabel() {
        XCTAssertEqual(ClassMix.presentClasses(in: maps.slice(axis: 0, 0..<1).reshaped([3, 4])), [0, 2, 5, 7, 11])
        XCTAssertEqual(ClassMix.presentClasses(in: maps.slice(axis: 0, 1..<2).reshaped([3, 4])), [1, 3, 4, 6, 8, 9])
        XCTAssertEqual(ClassMix.presentClasses(in: maps.slice(axis: 0, 0..<1).reshaped([3, 4]), ignoreIndex: 11),
                       [0, 2, 5, 7, 255])
    }

    /// floor(n / 2) distinct classes of the present ones, for n = 0...6; every class is
    /// chosen sometimes.
    func testChoosesHalfOfThePresentClassesRoundedDown() {
        var rng = RandomGenerator(seed: 3)
        for n in 0...6 {
            let present = Array(stride(from: 1, through: 2 * n, by: 2))
            var seen = Set<Int>()
            for _ in 0..<60 {
                let chosen = ClassMix.chooseClasses(from: present, rng: &rng)
                XCTAssertEqual(chosen.count, n / 2, "n = \(n)")
                XCTAssertEqual(Set(chosen).count, chosen.count)
                XCTAssertTrue(Set(chosen).isSubset(of: present))
                XCTAssertEqual(chosen, chosen.sorted())
                seen.formUnion(chosen)
            }
            if n >= 2 { XCTAssertEqual(seen, Set(present), "n = \(n)") }
        }
    }

    /// The pasted pixels are exactly those of half of the image's classes: per image, the
    /// classes under the mask and those outside it are disjoint, there are floor(n / 2)
    /// classes under it, and ignored pixels are never pasted.
    func testMaskIsExactlyThePixelsOfHalfOfTheClasses() {
        for seed in 0..<20 as Range<UInt64> {
            var rng = RandomGenerator(seed: seed)
            let masks = ClassMix.masks(classMaps: maps, rng: &rng)
            XCTAssertEqual(masks.shape, [2, 1, 3, 4])
            for image in 0..<2 {
                var inside = Set<Int>(), outside = Set<Int>()
                for p in 0..<12 {
                    let cls = Int(maps.data[image * 12 + p]), m = masks.data[image * 12 + p]
                    XCTAssertTrue(m == 0 || m == 1)
                    if m == 1 { inside.insert(cls) } else { outside.insert(cls) }
                }
                XCTAssertTrue(inside.isDisjoint(with: outside), "seed \(seed) image \(image)")
                XCTAssertFalse(inside.contains(255))
                XCTAssertEqual(inside.count, image == 0 ? 2 : 3, "seed \(seed) image \(image)") // 5 -> 2, 6 -> 3
            }
        }
    }

    /// The batch draws image by image from the generator, as the single-image call.
    func testBatchMatchesSingleImageMasksAndGivenClasses() {
        var batchRng = RandomGenerator(seed: 11), singleRng = RandomGenerator(seed: 11)
        let batch = ClassMix.masks(classMaps: maps, rng: &batchRng)
        let first = ClassMix.mask(classMap: maps.slice(axis: 0, 0..<1).reshaped([3, 4]), rng: &singleRng)
        let second = ClassMix.mask(classMap: maps.slice(axis: 0, 1..<2).reshaped([3, 4]), rng: &singleRng)
        XCTAssertEqual(batch.scalars, first.scalars + second.scalars)
        XCTAssertEqual(first.shape, [1, 1, 3, 4])

        let given = ClassMix.mask(classMap: maps.slice(axis: 0, 0..<1).reshaped([3, 4]), classes: [2, 11])
        XCTAssertEqual(given.scalars, [0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0])
    }

    func testSingleClassPastesNothing() {
        var rng = RandomGenerator(seed: 1)
        let mask = ClassMix.mask(classMap: Tensor([4, 4, 255, 4], shape: [2, 2]), rng: &rng)
        XCTAssertEqual(mask.scalars, [0, 0, 0, 0])
    }
}
