import EngineTestSupport
import Experiments
import Foundation
import SelfSupervisedDepth
import Training
import XCTest

/// Depth-pretraining experiments list further recipes as variants with a `depth:`
/// section; the profile's own settings always run as the variant "depth".
final class DepthRecipeVariantTests: XCTestCase {
    private var folder: TemporaryFolder!
    override func setUpWithError() throws { folder = try TemporaryFolder("depth-recipes") }
    override func tearDown() { folder.remove() }

    private func write(_ text: String) throws -> String {
        let path = folder.path + "/depth.yml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private let header = """
    experiment: depth
    title: t
    version: 1
    kind: depth-pretraining

    """

    func testRecipesOverrideTheProfileAndRunWhereTheyAreListed() throws {
        let file = try write(header + """
        variants:
          - name: fast
            profiles: [standard]
            depth: {phase1: {learningRate: 0.0003, warmupSteps: 200}, loss: {scales: 1}}
          - name: ceiling
            depth: {supervision: ground-truth}
        profiles:
          smoke: {seeds: [42]}
          standard: {seeds: [42, 7]}
        """)
        let definition = try ExperimentDefinition.load(file)
        XCTAssertEqual(definition.variantNames, ["depth", "fast", "ceiling"])
        XCTAssertEqual(try GridEntry.grid(of: definition, profile: .smoke).map(\.variant), ["depth", "ceiling"])
        XCTAssertEqual(try GridEntry.grid(of: definition, profile: .standard).map { "\($0.variant)/\($0.seed)" },
                       ["depth/42", "depth/7", "fast/42", "fast/7", "ceiling/42", "ceiling/7"])

        let base = DepthPretrainingSettings.profile(.standard)
        XCTAssertEqual(try definition.depthSettings(profile: .standard, variant: "depth"), base)
        var fast = base
        fast.phase1.learningRate = 0.0003
        fast.phase1.warmupSteps = 200
        // A recipe's loss keys overlay the profile's loss (standard's each-scale-at-its-own-
        // resolution stays), so only `scales` changes.
        var fastLoss = base.loss ?? MonodepthLossSettings()
        fastLoss.scales = 1
        fast.loss = fastLoss
        XCTAssertEqual(try definition.depthSettings(profile: .standard, variant: "fast"), fast)
        var ceiling = base
        ceiling.supervision = .groundTruth
        XCTAssertEqual(try definition.depthSettings(profile: .standard, variant: "ceiling"), ceiling)
    }

    func testMistakesInRecipesAreNamed() throws {
        func message(_ variants: String) throws -> String {
            let file = try write(header + "variants:\n" + variants + "profiles:\n  smoke: {seeds: [42]}\n")
            do {
                _ = try ExperimentDefinition.load(file)
                return "loaded"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertTrue(try message("  - {name: a, depth: {phase1: {learningRat: 1}}}\n").contains("variants.0.depth"))
        XCTAssertTrue(try message("  - {name: a, depth: {loss: {scale: 1}}}\n").contains("variants.0.depth"))
        XCTAssertTrue(try message("  - {name: a, init: scratch}\n").contains("variants.0"))
        XCTAssertTrue(try message("  - {name: depth}\n").contains("variant names repeat"))
        XCTAssertTrue(try message("  - {name: a, depth: {supervision: oracle}}\n").contains("variants.0.depth"))
    }
}
