import EngineTestSupport
import Experiments
import Foundation
import Reports
import XCTest

/// configs/published.yml: the committed file loads, maps our variants and yields the
/// published effects of every claim; a broken file is an error naming file and key.
final class PublishedNumbersFileTests: XCTestCase {
    func testCommittedFileLoadsAndCoversEveryClaim() throws {
        let registry = try ExperimentRegistry(folder: ExperimentDefinitionTests.repositoryConfigs)
        XCTAssertNil(registry.definitions["published"], "published.yml is not an experiment")
        let p = try XCTUnwrap(try registry.publishedNumbers())
        XCTAssertEqual(p.label, "published (IJCV, transcribed)")
        XCTAssert(p.source.contains("IJCV 131(8)") && p.source.contains("not checked against the PDF"), p.source)
        XCTAssertEqual(p.numbers.count, 42)
        XCTAssertEqual(Set(p.effects.map(\.claim)), Set(PaperClaims.claimIds))
        // Effects at 372 labels, from paper-numbers.md's tables.
        let expected: [(String, Int, Double)] = [
            ("transfer", 372, 1.66), ("transfer", 2975, 1.70), ("classmix", 372, 4.02), ("depthmix", 372, 5.00),
            ("depthmix_gain", 372, 0.98), ("ds_us", 100, 5.62), ("ds_us", 372, 5.11), ("ds_us", 744, 3.48),
            ("selected_labels", 372, 2.34), ("multitask", 372, 2.52), ("multitask", 2975, 1.33),
            ("feature_distance", 372, 0.34), ("feature_distance", 2975, 0.47), ("multitask_transfer", 372, 0.45),
            ("pseudo_labels", 372, 3.25), ("classmix_over_pseudo", 372, 0.77), ("depthmix_over_classmix", 372, 0.98),
            ("depthmix_over_classmix", 2975, 0.23), ("ladder_s", 372, 5.11), ("ladder_mtl", 372, 2.11),
            ("ladder_dx", 372, 5.00), ("ladder_s_mtl", 372, 1.10), ("ladder_s_dx", 372, 2.23),
            ("ladder_dx_mtl", 372, 2.52), ("ladder_s_dx_mtl", 372, 1.53),
        ]
        for (claim, labels, effect) in expected {
            let value = try XCTUnwrap(p.effect(claim: claim, labels: labels), claim)
            XCTAssertEqual(value.labels, labels, claim)
            XCTAssertEqual(value.mean, effect, accuracy: 1e-9, "\(claim) at \(labels)")
        }
        // Every variant of 210, 211 and 212 has a published counterpart (at a subset size,
        // or for ClassMix with ground truth at all labels), but transfer + DepthMix: the
        // published DepthMix row starts from the supervised start (scratch_depthmix). Scale-
        // ladder rungs (`transfer_x2`) are reruns of a row at another schedule, not rows.
        for experiment in ["210", "211", "212"] {
            for variant in try registry.definition(experiment).variants
            where variant.name != "transfer_depthmix" && variant.rung == nil {
                let ours = PublishedNumbers.Ours(experiment: experiment, variant: variant.name)
                XCTAssertNotNil(variant.name == "scratch_classmixgt" ? p.number(for: ours, labels: nil)
                                    : p.number(for: ours, labels: 100), "\(experiment)/\(variant.name)")
            }
        }
        XCTAssertNil(p.number(for: .init(experiment: "210", variant: "transfer_depthmix"), labels: 100))
        XCTAssertEqual(p.number(for: .init(experiment: "210", variant: "scratch_classmixgt"), labels: nil)?.mean, 69.60)
        XCTAssertEqual(p.number(for: .init(experiment: "210", variant: "scratch"), labels: nil)?.mean, 67.77)
        XCTAssertNil(p.number(for: .init(experiment: "210", variant: "scratch_ema"), labels: nil))
        XCTAssertEqual(p.number(for: .init(experiment: "211", variant: "sel_ds_us"), labels: 50)?.mean, 54.37)
        XCTAssertEqual(p.number(for: .init(experiment: "210", variant: "scratch"), labels: 100)?.mean, 59.14)
    }

    func testBrokenFilesNameFileAndKey() throws {
        let folder = try TemporaryFolder("published")
        defer { folder.remove() }
        let path = folder.path + "/published.yml"
        let head = "label: x\nsource: y\n"
        let cases: [(String, String)] = [
            (head + "numbers:\n  - {table: T, method: a, labels: 100, mean: 50, sdt: 1}\neffects: []\n", "sdt"),
            (head + "numbers:\n  - {table: T, method: a, labels: many, mean: 50}\neffects: []\n", "labels"),
            (head + "numbers:\n  - {table: T, method: a, labels: 100, mean: 50}\n"
                + "effects:\n  - {claim: transfer, better: {table: T, method: a}, worse: {table: T, method: b}}\n", "'b' of 'T'"),
            (head + "numbers:\n  - {table: T, method: a, labels: 100, mean: 50}\n"
                + "effects:\n  - {claim: transfr, better: {table: T, method: a}, worse: {table: T, method: a}}\n", "transfr"),
        ]
        for (text, key) in cases {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try PublishedNumbersFile.load(path), key) { error in
                XCTAssert("\(error)".contains(key) && "\(error)".contains(path), "\(error) should name \(key) and the file")
            }
        }
    }
}
