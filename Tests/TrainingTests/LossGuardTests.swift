import Training
import XCTest

/// Diverging losses stop a run with the term and the step named.
final class LossGuardTests: XCTestCase {
    func testFiniteModestLossesPassAndOthersAreNamed() throws {
        XCTAssertNoThrow(try LossGuard.check(2.94, step: 0, term: "cross_entropy"))
        XCTAssertNoThrow(try LossGuard.check(LossGuard.limit, step: 0, term: "cross_entropy"))
        XCTAssertThrowsError(try LossGuard.check(.nan, step: 7, term: "monodepth")) {
            guard case .nonFiniteLoss(7, "monodepth", let v)? = $0 as? TrainingError else { return XCTFail("\($0)") }
            XCTAssertTrue(v.isNaN)
            XCTAssertTrue("\($0)".contains("'monodepth'") && "\($0)".contains("step 7"), "\($0)")
        }
        XCTAssertThrowsError(try LossGuard.check(.infinity, step: 1, term: "cross_entropy")) {
            XCTAssertEqual($0 as? TrainingError, .nonFiniteLoss(step: 1, term: "cross_entropy", value: .infinity))
        }
        XCTAssertThrowsError(try LossGuard.check(1e6, step: 3, term: "cross_entropy")) {
            XCTAssertEqual($0 as? TrainingError, .explodingLoss(step: 3, term: "cross_entropy", value: 1e6, limit: LossGuard.limit))
            XCTAssertTrue("\($0)".contains("diverged"), "\($0)")
        }
    }
}
