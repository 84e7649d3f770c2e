import SynthCity
import XCTest

/// Scene archetypes follow their long-tailed frequencies.
final class ArchetypeFrequencyTests: XCTestCase {
    func testRareArchetypesAreRareButPresent() {
        let generator = SynthCityGenerator(settings: SynthCitySettings(profile: .quick, seed: 0))
        let draws = 400
        var counts = [SceneArchetype: Int]()
        var stationary = 0
        for index in 0..<draws {
            let description = generator.describe(split: .train, index: index)
            counts[description.archetype, default: 0] += 1
            if description.stationaryCamera { stationary += 1 }
            XCTAssertTrue(description.stationaryCamera || (0.3...1.5).contains(description.egoSpeed))
        }
        XCTAssertEqual(SceneArchetype.allCases.map(\.frequency).reduce(0, +), 1, accuracy: 1e-12)
        for archetype in SceneArchetype.allCases {
            let count = counts[archetype, default: 0]
            if archetype.isRare {
                XCTAssertGreaterThanOrEqual(count, 1, "\(archetype) never drawn")
                XCTAssertLessThanOrEqual(count, draws / 10, "\(archetype) drawn \(count) times")
            } else {
                XCTAssertGreaterThanOrEqual(count, draws / 12, "\(archetype) drawn only \(count) times")
            }
        }
        XCTAssertGreaterThanOrEqual(counts[.downtown, default: 0], draws / 5)
        XCTAssertGreaterThanOrEqual(counts[.suburban, default: 0], draws / 6)
        XCTAssertTrue((1...draws / 10).contains(stationary), "\(stationary) stationary cameras")
    }

    func testValidationScenesAreDrawnIndependentlyOfTraining() {
        let generator = SynthCityGenerator(settings: SynthCitySettings(profile: .quick, seed: 0))
        let train = (0..<50).map { generator.describe(split: .train, index: $0) }
        let val = (0..<50).map { generator.describe(split: .val, index: $0) }
        XCTAssertNotEqual(train, val)
    }
}
