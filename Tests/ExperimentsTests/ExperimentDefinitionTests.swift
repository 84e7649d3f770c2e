import EngineTestSupport
import ExperimentTestSupport
import Experiments
import Foundation
import Training
import XCTest

/// Experiment files: the committed configs load, overrides apply, mistakes are named.
final class ExperimentDefinitionTests: XCTestCase {
    private var folder: TemporaryFolder!
    override func setUpWithError() throws { folder = try TemporaryFolder("definitions") }
    override func tearDown() { folder.remove() }

    private func write(_ text: String, _ name: String = "x.yml") throws -> String {
        let path = folder.path + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The repository's configs/ folder.
    static var repositoryConfigs: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("configs").path
    }

    func testCommittedConfigsLoadWithEveryProfile() throws {
        let registry = try ExperimentRegistry(folder: Self.repositoryConfigs)
        XCTAssertEqual(registry.experimentIds.first, "depth")
        XCTAssertTrue(registry.experimentIds.contains("210"))
        for id in registry.experimentIds {
            let definition = try registry.definition(id)
            XCTAssertEqual(Set(definition.profiles.keys), Set(Profile.allCases), id)
        }
        // Without overrides the settings are the built-in profiles'.
        let e210 = try registry.definition("210")
        XCTAssertEqual(try e210.segmentationSettings(profile: .paper, variant: "transfer"),
                       SegmentationRunSettings.profile(.paper))
        XCTAssertEqual(try e210.settings(profile: .paper).seeds, [7, 25, 42])
        XCTAssertEqual(try registry.depthPretraining().settings(profile: .quick).depth,
                       DepthPretrainingSettings.profile(.quick))
        // Transfer needs the segmentation networks to equal the depth networks of each profile.
        for p in Profile.allCases {
            XCTAssertEqual(try e210.segmentationSettings(profile: p, variant: "transfer").networks,
                           try registry.depthPretraining().settings(profile: p).depth?.networks, "\(p)")
        }
    }

    func testProfileAndVariantOverridesLayOverTheBuiltInSettings() throws {
        let path = try write(ExperimentFixtures.segmentationYAML(iterations: 7, diverging: true))
        let d = try ExperimentDefinition.load(path)
        let scratch = try d.segmentationSettings(profile: .smoke, variant: "scratch")
        XCTAssertEqual(scratch.training.iterations, 7)
        XCTAssertEqual(scratch.training.learningRate, SegmentationRunSettings.profile(.smoke).training.learningRate)
        XCTAssertEqual(scratch.widthMultiplier, 0.125)
        let diverging = try d.segmentationSettings(profile: .smoke, variant: "diverging")
        XCTAssertEqual(diverging.training.learningRate, 1e12)
        XCTAssertEqual(diverging.training.iterations, 7)
    }

    func testAnUnknownKeyIsNamedWithFileAndLine() throws {
        let path = try write("""
            experiment: "210"
            title: t
            version: 1
            kind: segmentation
            variants:
              - {name: scratch, init: scratch}
            profiles:
              smoke:
                seeds: [42]
                segmentation: {training: {iterationz: 5}}
            """)
        XCTAssertThrowsError(try ExperimentDefinition.load(path)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(path), text)
            XCTAssertTrue(text.contains("profiles.smoke.segmentation.training.iterationz"), text)
            XCTAssertTrue(text.contains(":10"), text) // the line of the key
        }
    }

    func testWrongTypesUnknownProfilesAndBadVariantsAreNamed() throws {
        let cases: [(String, String)] = [
            ("experiment: depth\ntitle: t\nversion: one\nkind: depth-pretraining\nprofiles: {smoke: {seeds: [1]}}\n", "version"),
            ("experiment: depth\ntitle: t\nversion: 1\nkind: depth-pretraining\nprofiles: {tiny: {seeds: [1]}}\n", "profiles.tiny"),
            ("experiment: depth\ntitle: t\nversion: 1\nkind: dept\nprofiles: {smoke: {seeds: [1]}}\n", "kind"),
            ("experiment: x\ntitle: t\nversion: 1\nkind: segmentation\nvariants: [{name: a, init: imagenet}]\nprofiles: {smoke: {seeds: [1]}}\n", "variants.0.init"),
            ("experiment: x\ntitle: t\nversion: 1\nkind: segmentation\nvariants: [{name: a, init: scratch}, {name: a, init: depth}]\nprofiles: {smoke: {seeds: [1]}}\n", "variants"),
            ("experiment: x\ntitle: t\nversion: 1\nkind: segmentation\nvariants: [{name: a, init: scratch, segmentation: {crop: 3}}]\nprofiles: {smoke: {seeds: [1]}}\n", "variants.0.segmentation"),
            ("experiment: x\ntitle: t\nversion: 1\nkind: segmentation\nvariants: [{name: a, init: scratch}]\nprofiles: {smoke: {seeds: []}}\n", "profiles.smoke.seeds"),
            ("experiment: x\ntitle: t\nversion: 1\nkind: segmentation\nvariants: [{name: a, init: scratch}]\nprofiles: {smoke: {seeds: [1], subsetSizes: [0]}}\n", "subsetSizes"),
        ]
        for (text, key) in cases {
            let path = try write(text)
            XCTAssertThrowsError(try ExperimentDefinition.load(path), key) { error in
                XCTAssertTrue("\(error)".contains(key), "\(error) should name \(key)")
                XCTAssertTrue("\(error)".contains(path), "\(error) should name the file")
            }
        }
    }

    func testRegistryRefusesTwoFilesForOneExperimentAndNamesUnknownOnes() throws {
        _ = try write(ExperimentFixtures.depthYAML, "a.yml")
        _ = try write(ExperimentFixtures.depthYAML, "b.yml")
        XCTAssertThrowsError(try ExperimentRegistry(folder: folder.path)) {
            XCTAssertTrue("\($0)".contains("a.yml") && "\($0)".contains("b.yml"), "\($0)")
        }
        try FileManager.default.removeItem(atPath: folder.path + "/b.yml")
        let registry = try ExperimentRegistry(folder: folder.path)
        XCTAssertThrowsError(try registry.definition("999")) { XCTAssertTrue("\($0)".contains("depth"), "\($0)") }
        XCTAssertThrowsError(try ExperimentRegistry(folder: folder.path + "/none")) {
            XCTAssertTrue("\($0)".contains("/none"), "\($0)")
        }
    }

    func testGridExpandsVariantsSizesAndSeedsInOrder() throws {
        let path = try write("""
            experiment: "210"
            title: t
            version: 1
            kind: segmentation
            variants: [{name: a, init: scratch}, {name: b, init: depth}]
            profiles:
              quick: {seeds: [1, 2, 3], subsetSizes: [10, 20]}
            """)
        let d = try ExperimentDefinition.load(path)
        let grid = try GridEntry.grid(of: d, profile: .quick)
        XCTAssertEqual(grid.count, 2 * 2 * 3)
        XCTAssertEqual(grid.map { "\($0.variant)\($0.subsetSize!)s\($0.seed)" }.prefix(4),
                       ["a10s1", "a10s2", "a10s3", "a20s1"])
        XCTAssertEqual(Set(grid).count, grid.count)
        XCTAssertEqual(try GridEntry.grid(of: d, profile: .quick, seeds: [9]).map(\.seed), [9, 9, 9, 9])
        XCTAssertThrowsError(try GridEntry.grid(of: d, profile: .smoke)) { XCTAssertTrue("\($0)".contains("quick"), "\($0)") }
        let depth = try ExperimentDefinition.load(try write(ExperimentFixtures.depthYAML, "d.yml"))
        XCTAssertEqual(try GridEntry.grid(of: depth, profile: .smoke),
                       [GridEntry(experiment: "depth", variant: "depth", profile: .smoke, seed: 42, subsetSize: nil)])
    }

    /// `allLabels: true` adds the all-labels column after the subset sizes, for every
    /// variant that can train on all labels: not selected-labels variants, not mean
    /// teachers of only the unlabelled images.
    func testAllLabelsColumnSkipsVariantsThatCannotTrainOnAllLabels() throws {
        let d = try ExperimentDefinition.load(try write("""
            experiment: "210"
            title: t
            version: 1
            kind: segmentation
            variants:
              - {name: a, init: scratch}
              - {name: mix, init: scratch, segmentation: {semiSupervised: {mix: class, onlyUnlabelled: true}}}
              - {name: mixgt, init: scratch, segmentation: {semiSupervised: {mix: class, onlyUnlabelled: false}}}
              - {name: sel, init: scratch, labels: {selection: ds_us}}
            profiles:
              quick: {seeds: [1], subsetSizes: [10], allLabels: true}
              smoke: {seeds: [1], subsetSizes: [10]}
            """))
        XCTAssertEqual(try GridEntry.grid(of: d, profile: .quick).map { "\($0.variant)@\($0.subsetSize.map(String.init) ?? "all")" },
                       ["a@10", "a@all", "mix@10", "mixgt@10", "mixgt@all", "sel@10"])
        XCTAssertEqual(try GridEntry.grid(of: d, profile: .smoke).count, 4)
    }

    /// A variant's `pretraining:` names the depth-pretraining variant it starts from or
    /// mixes by; a scratch DepthMix run needs one too; label selections do not count.
    func testDepthPretrainingOfAVariant() throws {
        let d = try ExperimentDefinition.load(try write("""
            experiment: "210"
            title: t
            version: 1
            kind: segmentation
            variants:
              - {name: scratch, init: scratch}
              - {name: transfer, init: depth}
              - {name: nofd, init: depth, pretraining: fd0}
              - {name: scratch_depthmix, init: scratch, segmentation: {semiSupervised: {mix: depth, onlyUnlabelled: false}}}
              - {name: online, init: depth, pretraining: fd0,
                 segmentation: {multiTask: {}, semiSupervised: {mix: depth, onlyUnlabelled: false, depthSource: online}}}
              - {name: scratch_online, init: scratch,
                 segmentation: {multiTask: {}, semiSupervised: {mix: depth, onlyUnlabelled: false, depthSource: online}}}
              - {name: sel, init: scratch, labels: {selection: ds_us}}
            profiles:
              smoke: {seeds: [1], subsetSizes: [4]}
            """))
        let needed = try d.variants.map { try d.depthPretraining(of: $0, profile: .smoke) ?? "-" }
        XCTAssertEqual(needed, ["-", "depth", "fd0", "depth", "fd0", "-", "-"])
        let bad = try write("experiment: x\ntitle: t\nversion: 1\nkind: segmentation\n"
                            + "variants: [{name: a, init: depth, pretraining: 'f d'}]\nprofiles: {smoke: {seeds: [1]}}\n")
        XCTAssertThrowsError(try ExperimentDefinition.load(bad)) { XCTAssertTrue("\($0)".contains("variants.0.pretraining"), "\($0)") }
        let depthWithPretraining = try write("experiment: depth\ntitle: t\nversion: 1\nkind: depth-pretraining\n"
                                             + "variants: [{name: a, pretraining: depth}]\nprofiles: {smoke: {seeds: [1]}}\n")
        XCTAssertThrowsError(try ExperimentDefinition.load(depthWithPretraining)) { XCTAssertTrue("\($0)".contains("variants.0"), "\($0)") }
    }
}
