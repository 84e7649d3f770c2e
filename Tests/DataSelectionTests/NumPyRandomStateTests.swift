import XCTest
import DataSelection

final class NumPyRandomStateTests: XCTestCase {
    /// MT19937's published first output for init_genrand(5489).
    func testMersenneTwisterReferenceOutput() {
        var state = NumPyRandomState(seed: 5489)
        XCTAssertEqual(state.nextUInt32(), 3_499_211_612)
    }

    /// `np.random.seed(s); np.random.permutation(n)` from NumPy 2.4.
    func testPermutationsEqualNumPy() {
        func permutation(_ seed: UInt32, _ n: Int) -> [Int] {
            var state = NumPyRandomState(seed: seed)
            return state.permutation(n)
        }
        XCTAssertEqual(permutation(0, 10), [2, 8, 4, 9, 1, 6, 7, 3, 0, 5])
        XCTAssertEqual(permutation(1, 1), [0])
        XCTAssertEqual(permutation(7, 2), [0, 1])
        XCTAssertEqual(permutation(42, 5), [1, 4, 2, 0, 3])
        XCTAssertEqual(permutation(123_456_789, 33),
                       [10, 16, 6, 21, 17, 9, 22, 2, 27, 8, 23, 1, 31, 5, 32, 11, 30, 14, 24, 3, 0, 20, 13, 19, 15,
                        4, 29, 7, 12, 26, 25, 18, 28])
        XCTAssertEqual(permutation(4_294_967_295, 17), [8, 1, 5, 14, 10, 15, 16, 13, 11, 9, 6, 0, 4, 7, 12, 2, 3])
        XCTAssertEqual(permutation(3, 0), [])
    }

    /// The paper's published selections (loader/preselected_labels.py, Cityscapes): the
    /// 'ent' and 'us' lists start with their random first step, the first 25 of the
    /// seeded order of 2975 images; the 'ds' and 'ds_us' lists start with its first
    /// element, the farthest-point seed sample.
    func testOrderEqualsThePapersSelections() {
        let published: [UInt32: [Int]] = [
            42: [2403, 2865, 2159, 507, 2462, 1235, 685, 2436, 2787, 2645, 1177, 2466, 2051, 2811, 93, 1518, 1554,
                 2546, 1807, 144, 414, 1474, 1090, 1340, 2756],
            43: [938, 884, 2730, 1559, 1385, 1704, 1340, 267, 2164, 2417, 2494, 892, 1365, 1651, 2082, 954, 1489,
                 444, 1058, 68, 915, 1156, 1380, 1634, 2656],
            44: [1436, 922, 1710, 223, 1058, 558, 1079, 2324, 1739, 1951, 1303, 281, 2163, 1360, 1318, 2358, 2927,
                 1442, 2438, 2961, 919, 2535, 1455, 2768, 243],
        ]
        for (seed, first25) in published {
            let order = SelectionRandomness.numpy(seed: seed).order(count: 2975)
            XCTAssertEqual(Array(order.prefix(25)), first25, "seed \(seed)")
            XCTAssertEqual(Set(order), Set(0..<2975))
        }
    }
}
