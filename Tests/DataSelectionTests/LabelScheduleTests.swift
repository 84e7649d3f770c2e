import XCTest
import DataSelection

final class LabelScheduleTests: XCTestCase {
    /// 2975 images at factor 1 are the paper's schedule exactly.
    func testPaperSchedule() throws {
        let schedule = try LabelSchedule(trainingSetSize: 2975)
        XCTAssertEqual(schedule, LabelSchedule.paper)
        XCTAssertEqual(schedule.sizes, [25, 50, 100, 200, 372, 744])
        XCTAssertEqual(schedule.iterations, [4000, 8000, 12_000, 16_000, 20_000, 24_000])
        XCTAssertTrue(schedule.trainFromScratch)
        XCTAssertEqual(schedule.trainingIterations, schedule.iterations)
        XCTAssertEqual(schedule.steps.map(\.newSamples), [25, 25, 50, 100, 172, 372])
        XCTAssertEqual(schedule.steps.map(\.isLast), [false, false, false, false, false, true])
        XCTAssertEqual(schedule.steps.map(\.index), Array(0..<6))
    }

    /// 1000 images: 25/2975 x 1000 = 8.40 -> 8, 16.81 -> 17, 33.61 -> 34, 67.23 -> 67,
    /// 125.04 -> 125, 250.08 -> 250.
    func testScaledToOneThousand() throws {
        let schedule = try LabelSchedule(trainingSetSize: 1000)
        XCTAssertEqual(schedule.sizes, [8, 17, 34, 67, 125, 250])
        XCTAssertEqual(schedule.trainingSetSize, 1000)
    }

    /// 24 images: the fractions give 0.20, 0.40, 0.81, 1.61, 3.00, 6.00 -> 0, 0, 1, 2, 3, 6;
    /// raised to at least 1 and strictly increasing: 1, 2, 3, 4, 5, 6.
    func testScaledToTwentyFour() throws {
        let schedule = try LabelSchedule(trainingSetSize: 24)
        XCTAssertEqual(schedule.sizes, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(schedule.steps.map(\.newSamples), [1, 1, 1, 1, 1, 1])
        // The smallest set that fits: six strictly increasing sizes in 1...6.
        XCTAssertEqual(try LabelSchedule(trainingSetSize: 6).sizes, [1, 2, 3, 4, 5, 6])
        XCTAssertThrowsError(try LabelSchedule(trainingSetSize: 5)) { error in
            XCTAssertEqual(error as? DataSelectionError, .trainingSetTooSmall(size: 5, steps: 6))
        }
    }

    /// Every size from 6 to 3000 gives strictly increasing sizes within 1...n.
    func testSizesAreValidForEveryTrainingSet() throws {
        for n in 6...3000 {
            let sizes = try LabelSchedule(trainingSetSize: n).sizes
            XCTAssertGreaterThanOrEqual(sizes[0], 1)
            XCTAssertLessThanOrEqual(sizes[5], n)
            XCTAssertTrue(zip(sizes, sizes.dropFirst()).allSatisfy { $0 < $1 }, "n = \(n): \(sizes)")
        }
    }

    /// A profile's iteration factor scales each step, rounded to the nearest integer, at
    /// least 1; a continuing schedule trains to the running sum.
    func testIterationFactor() throws {
        XCTAssertEqual(try LabelSchedule(trainingSetSize: 1000, iterationFactor: 0.05).iterations,
                       [200, 400, 600, 800, 1000, 1200])
        // 0.4, 0.8, 1.2, 1.6, 2.0, 2.4
        XCTAssertEqual(try LabelSchedule(trainingSetSize: 1000, iterationFactor: 0.0001).iterations,
                       [1, 1, 1, 2, 2, 2])
        let continuing = try LabelSchedule(trainingSetSize: 2975, iterationFactor: 0.01, trainFromScratch: false)
        XCTAssertEqual(continuing.iterations, [40, 80, 120, 160, 200, 240])
        XCTAssertEqual(continuing.trainingIterations, [40, 120, 240, 400, 600, 840])
        XCTAssertThrowsError(try LabelSchedule(trainingSetSize: 1000, iterationFactor: 0))
        XCTAssertThrowsError(try LabelSchedule(trainingSetSize: 1000, iterationFactor: .nan))
    }
}
