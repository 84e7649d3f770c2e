import Experiments
import XCTest

/// Strict YAML decoding: typos and wrong types are errors naming file, key and line.
final class StrictYAMLTests: XCTestCase {
    struct Phase: Codable, Equatable {
        var iterations: Int
        var learningRate: Double
        var crop: [Int]?
    }
    struct Config: Codable, Equatable {
        var name: String
        var seeds: [Int]
        var phase: Phase
        var notes: [String: String]?
    }

    let text = """
    name: transfer
    seeds: [7, 25, 42]
    phase:
      iterations: 40000
      learningRate: 0.01
      crop: [512, 512]
    notes:
      anything: goes
    """

    func testValidFileDecodes() throws {
        let config = try StrictYAML.decode(Config.self, from: StrictYAML.parse(text, file: "a.yaml"), file: "a.yaml")
        XCTAssertEqual(config, Config(name: "transfer", seeds: [7, 25, 42],
                                      phase: Phase(iterations: 40000, learningRate: 0.01, crop: [512, 512]),
                                      notes: ["anything": "goes"]))
    }

    func testUnknownKeyIsNamedWithItsLine() throws {
        let typo = text.replacingOccurrences(of: "  learningRate", with: "  learning_rate")
        XCTAssertThrowsError(try StrictYAML.decode(Config.self, from: StrictYAML.parse(typo, file: "b.yaml"), file: "b.yaml")) {
            // The typo also leaves the required learningRate missing; that is reported first.
            XCTAssertEqual("\($0)", "b.yaml: missing key 'phase.learningRate'")
        }
        let extra = text + "\nseed_count: 3\n"
        XCTAssertThrowsError(try StrictYAML.decode(Config.self, from: StrictYAML.parse(extra, file: "c.yaml"), file: "c.yaml")) {
            XCTAssertEqual("\($0)", "c.yaml:9: unknown key 'seed_count' (known here: name, notes, phase, seeds)")
        }
        let nested = text.replacingOccurrences(of: "  crop: [512, 512]", with: "  crop: [512, 512]\n  cropp: 3")
        XCTAssertThrowsError(try StrictYAML.decode(Config.self, from: StrictYAML.parse(nested, file: "d.yaml"), file: "d.yaml")) {
            XCTAssertEqual("\($0)", "d.yaml:7: unknown key 'phase.cropp' (known here: crop, iterations, learningRate)")
        }
    }

    func testWrongTypeIsNamed() throws {
        let wrong = text.replacingOccurrences(of: "iterations: 40000", with: "iterations: many")
        XCTAssertThrowsError(try StrictYAML.decode(Config.self, from: StrictYAML.parse(wrong, file: "e.yaml"), file: "e.yaml")) {
            XCTAssertEqual("\($0)", "e.yaml:4: key 'phase.iterations' must be an integer")
        }
        XCTAssertThrowsError(try StrictYAML.parse("a: [1, 2", file: "f.yaml")) {
            XCTAssert("\($0)".hasPrefix("f.yaml: not valid YAML"), "\($0)")
        }
    }

    func testProfilesMergeKeyByKey() throws {
        let base = try StrictYAML.parse(text, file: "base")
        let quick = try StrictYAML.parse("phase: {iterations: 500}\nseeds: [42]", file: "quick")
        let config = try StrictYAML.decode(Config.self, from: StrictYAML.merged(base, quick), file: "merged")
        XCTAssertEqual(config.phase, Phase(iterations: 500, learningRate: 0.01, crop: [512, 512]))
        XCTAssertEqual(config.seeds, [42])
        XCTAssertEqual(config.name, "transfer")
    }
}

/// Overlaying a file on a typed default.
final class StrictYAMLOverlayTests: XCTestCase {
    struct Settings: Codable, Equatable { var steps: Int; var rate: Double; var crop: [Int]? }

    func testFileOverridesOnlyWhatItNames() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("overlay-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/c.yaml"
        try "steps: 7\n".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try StrictYAML.overlay(Settings(steps: 1, rate: 0.5, crop: nil), file: file),
                       Settings(steps: 7, rate: 0.5, crop: nil))
        try "stepz: 7\n".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try StrictYAML.overlay(Settings(steps: 1, rate: 0.5, crop: nil), file: file)) {
            XCTAssert("\($0)".hasPrefix("\(file):1: unknown key 'stepz'"), "\($0)")
        }
    }
}
