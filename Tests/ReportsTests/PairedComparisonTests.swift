import Foundation
import XCTest
@testable import Reports

/// The statistics of a claim: Student-t quantiles and CDFs, the non-central t, the
/// confidence interval, the verdict and the paired-test sample size, against
/// hand-computed values and SciPy (Fixtures/scipy_t.json, written by
/// scripts/make_statistics_fixture.py).
final class PairedComparisonTests: XCTestCase {
    struct Fixture: Decodable {
        struct Quantile: Decodable { var p: Double; var df: Double; var t: Double }
        struct CDF: Decodable { var t: Double; var df: Double; var p: Double }
        struct Noncentral: Decodable { var t: Double; var df: Double; var nc: Double; var p: Double }
        struct SampleSize: Decodable { var effect: Double; var sd: Double; var seeds: Int; var power_at_seeds: Double }
        var quantiles: [Quantile]
        var cdfs: [CDF]
        var noncentral: [Noncentral]
        var sample_sizes: [SampleSize]
    }

    func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/scipy_t.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    func testStudentTQuantilesMatchSciPy() throws {
        let f = try fixture()
        XCTAssertGreaterThan(f.quantiles.count, 50)
        for q in f.quantiles {
            let ours = StudentT(degreesOfFreedom: q.df).quantile(q.p)
            XCTAssertEqual(ours, q.t, accuracy: 1e-9 * max(1, abs(q.t)), "t.ppf(\(q.p), \(q.df))")
        }
    }

    func testStudentTCDFMatchesSciPy() throws {
        for c in try fixture().cdfs {
            XCTAssertEqual(StudentT(degreesOfFreedom: c.df).cdf(c.t), c.p, accuracy: 1e-12, "t.cdf(\(c.t), \(c.df))")
        }
    }

    func testNoncentralTCDFMatchesSciPy() throws {
        let f = try fixture()
        XCTAssertGreaterThan(f.noncentral.count, 150)
        for c in f.noncentral {
            let ours = NoncentralT(degreesOfFreedom: c.df, noncentrality: c.nc).cdf(c.t)
            XCTAssertEqual(ours, c.p, accuracy: 1e-9, "nct.cdf(\(c.t), \(c.df), \(c.nc))")
        }
    }

    func testKnownQuantilesByHand() {
        // Printed tables: t_{0.975, 1} = 12.706, t_{0.975, 2} = 4.303, t_{0.975, 10} = 2.228.
        XCTAssertEqual(StudentT(degreesOfFreedom: 1).quantile(0.975), 12.7062047, accuracy: 1e-6)
        XCTAssertEqual(StudentT(degreesOfFreedom: 2).quantile(0.975), 4.30265273, accuracy: 1e-7)
        XCTAssertEqual(StudentT(degreesOfFreedom: 10).quantile(0.975), 2.22813885, accuracy: 1e-7)
        // With one degree of freedom t is Cauchy: P(T <= 1) = 3/4 exactly.
        XCTAssertEqual(StudentT(degreesOfFreedom: 1).cdf(1), 0.75, accuracy: 1e-14)
        // The central case of the non-central t is Student's t.
        XCTAssertEqual(NoncentralT(degreesOfFreedom: 5, noncentrality: 0).cdf(1.3),
                       StudentT(degreesOfFreedom: 5).cdf(1.3), accuracy: 1e-13)
    }

    func testIntervalByHand() throws {
        // Differences 1, 2, 3: mean 2, sd 1, n 3; half-width t_{0.975,2} / sqrt(3) = 2.484138.
        let c = PairedComparison(differences: [1, 2, 3])
        XCTAssertEqual(c.count, 3)
        XCTAssertEqual(c.mean, 2, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(c.standardDeviation), 1, accuracy: 1e-15)
        let interval = try XCTUnwrap(c.interval)
        XCTAssertEqual(interval.lowerBound, 2 - 2.4841377, accuracy: 1e-6)
        XCTAssertEqual(interval.upperBound, 2 + 2.4841377, accuracy: 1e-6)
        XCTAssertEqual(c.verdict, .inconclusive)
        XCTAssertEqual(c.intervalContains(4), true)
        XCTAssertEqual(c.intervalContains(5), false)
    }

    func testVerdicts() {
        XCTAssertEqual(PairedComparison(differences: [0.9, 1.1, 1.0]).verdict, .confirmed)
        XCTAssertEqual(PairedComparison(differences: [-0.9, -1.1, -1.0]).verdict, .contradicted)
        XCTAssertEqual(PairedComparison(differences: [-0.09, 0.37, 0.73]).verdict, .inconclusive)
        // Positive at every seed is not enough when the interval reaches 0 (n = 2: t = 12.7).
        XCTAssertEqual(PairedComparison(differences: [0.2, 1.0]).verdict, .inconclusive)
        // One seed: no interval, never a verdict either way.
        let one = PairedComparison(differences: [2.5])
        XCTAssertNil(one.interval)
        XCTAssertNil(one.standardDeviation)
        XCTAssertEqual(one.verdict, .inconclusive)
        XCTAssertEqual(one.seedsNeeded(toDetect: 1), .cannotEstimate("one seed: no spread"))
    }

    func testSampleSizeByHand() {
        // A standardised effect of 1 needs 10 pairs (power 0.803), 0.5 needs 34 (0.808):
        // the textbook values of the two-sided paired t-test at 5% and 80% power.
        XCTAssertEqual(PairedComparison.seedsNeeded(toDetect: 1, sd: 1), .seeds(10))
        XCTAssertEqual(PairedComparison.seedsNeeded(toDetect: 0.5, sd: 1), .seeds(34))
        XCTAssertEqual(PairedComparison.power(pairs: 10, effect: 1, sd: 1), 0.8031, accuracy: 1e-4)
        XCTAssertLessThan(PairedComparison.power(pairs: 9, effect: 1, sd: 1), 0.8)
        // The sign of the effect does not matter to a two-sided test.
        XCTAssertEqual(PairedComparison.seedsNeeded(toDetect: -1, sd: 1), .seeds(10))
        XCTAssertEqual(PairedComparison.seedsNeeded(toDetect: 0, sd: 1), .cannotEstimate("no effect to detect"))
        XCTAssertEqual(PairedComparison.seedsNeeded(toDetect: 0.001, sd: 1, limit: 500), .moreThan(500))
        // No spread: two pairs decide any effect.
        XCTAssertEqual(PairedComparison.seedsNeeded(toDetect: 0.1, sd: 0), .seeds(2))
    }

    func testSampleSizesMatchSciPy() throws {
        for s in try fixture().sample_sizes {
            XCTAssertEqual(PairedComparison.seedsNeeded(toDetect: s.effect, sd: s.sd), .seeds(s.seeds),
                           "effect \(s.effect), sd \(s.sd)")
            XCTAssertEqual(PairedComparison.power(pairs: s.seeds, effect: s.effect, sd: s.sd), s.power_at_seeds,
                           accuracy: 1e-8)
        }
        // From a comparison's own spread.
        let c = PairedComparison(differences: [-0.09, 0.37, 0.73])
        XCTAssertEqual(c.seedsNeeded(toDetect: 1.66), PairedComparison.seedsNeeded(toDetect: 1.66, sd: c.standardDeviation!))
    }
}
