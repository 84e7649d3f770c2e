import XCTest
@testable import TensorEngine
import EngineTestSupport

final class OptimizerTests: XCTestCase {
    /// One training step on loss = sum(c * p^2) (gradient 2 c p).
    private func train(_ opt: Optimizer, _ p: Tensor, _ c: Tensor, steps: Int) {
        for _ in 0..<steps {
            opt.zeroGrad()
            (c * p * p).sum().backward()
            opt.step()
        }
    }

    private let coefficients: [Double] = [1, 0.5, 2]
    private let start: [Double] = [1, -2, 0.5]
    private var c: Tensor { Tensor(coefficients.map { Float($0) }, shape: [3]) }
    private func parameter() -> Tensor { Tensor(start.map { Float($0) }, shape: [3], requiresGrad: true) }

    func testSGDMomentumAndWeightDecayByHand() {
        let p = parameter()
        let opt = SGD(groups: [ParameterGroup(parameters: [p], learningRate: 0.1, weightDecay: 0.01)], momentum: 0.9)
        train(opt, p, c, steps: 3)
        var x = start, buf = [Double](repeating: 0, count: 3)
        for step in 0..<3 {
            for j in 0..<3 {
                let d = 2 * coefficients[j] * x[j] + 0.01 * x[j]
                buf[j] = step == 0 ? d : 0.9 * buf[j] + d
                x[j] -= 0.1 * buf[j]
            }
        }
        assertClose(p.scalars, x.map { Float($0) }, accuracy: 1e-6)
    }

    func testSGDNesterovDampeningAndPlain() {
        let p = parameter()
        train(SGD(groups: [ParameterGroup(parameters: [p], learningRate: 0.05)], momentum: 0.9, nesterov: true), p, c, steps: 3)
        var x = start, buf = [Double](repeating: 0, count: 3)
        for step in 0..<3 {
            for j in 0..<3 {
                let d = 2 * coefficients[j] * x[j]
                buf[j] = step == 0 ? d : 0.9 * buf[j] + d
                x[j] -= 0.05 * (d + 0.9 * buf[j])
            }
        }
        assertClose(p.scalars, x.map { Float($0) }, accuracy: 1e-6)

        let q = parameter()
        train(SGD(groups: [ParameterGroup(parameters: [q], learningRate: 0.05)], momentum: 0.5, dampening: 0.2), q, c, steps: 3)
        x = start
        for step in 0..<3 {
            for j in 0..<3 {
                let d = 2 * coefficients[j] * x[j]
                buf[j] = step == 0 ? d : 0.5 * buf[j] + 0.8 * d
                x[j] -= 0.05 * buf[j]
            }
        }
        assertClose(q.scalars, x.map { Float($0) }, accuracy: 1e-6)

        let r = parameter()
        train(SGD(groups: [ParameterGroup(parameters: [r], learningRate: 0.1, weightDecay: 0.5)], momentum: 0), r, c, steps: 1)
        assertClose(r.scalars, (0..<3).map { Float(start[$0] - 0.1 * (2 * coefficients[$0] + 0.5) * start[$0]) }, accuracy: 1e-6)
    }

    func testAdamByHand() {
        let p = parameter()
        let opt = Adam(groups: [ParameterGroup(parameters: [p], learningRate: 0.01, weightDecay: 0.1)])
        train(opt, p, c, steps: 3)
        var x = start, m = [Double](repeating: 0, count: 3), v = m
        for t in 1...3 {
            for j in 0..<3 {
                let d = 2 * coefficients[j] * x[j] + 0.1 * x[j]
                m[j] = 0.9 * m[j] + 0.1 * d
                v[j] = 0.999 * v[j] + 0.001 * d * d
                let mHat = m[j] / (1 - pow(0.9, Double(t))), vHat = v[j] / (1 - pow(0.999, Double(t)))
                x[j] -= 0.01 * mHat / (vHat.squareRoot() + 1e-8)
            }
        }
        assertClose(p.scalars, x.map { Float($0) }, accuracy: 1e-6)
        XCTAssertEqual(opt.stateTensors()["group0.param0.step"]?.item, 3)
    }

    func testGroupsLearningRateFactorAndMissingGradients() {
        let a = Tensor([1], shape: [1], requiresGrad: true)
        let b = Tensor([1], shape: [1], requiresGrad: true)
        let idle = Tensor([7], shape: [1], requiresGrad: true) // never gets a gradient
        let opt = SGD(groups: [ParameterGroup(parameters: [a, idle], learningRate: 0.1),
                               ParameterGroup(parameters: [b], learningRate: 1)], momentum: 0)
        opt.learningRateFactor = 0.5
        XCTAssertEqual(opt.effectiveLearningRate(group: 1), 0.5)
        opt.zeroGrad()
        (a * 3 + b * 3).sum().backward() // both gradients are 3
        opt.step()
        XCTAssertEqual(a.item, 1 - 0.05 * 3, accuracy: 1e-7)
        XCTAssertEqual(b.item, 1 - 0.5 * 3, accuracy: 1e-7)
        XCTAssertEqual(idle.item, 7)
        opt.zeroGrad()
        XCTAssertNil(a.grad)
    }

    func testScheduleFactors() {
        XCTAssertEqual(LearningRateSchedule.constant.factor(at: 12345), 1)
        let step = LearningRateSchedule.step(stepSize: 10, gamma: 0.1)
        XCTAssertEqual(step.factor(at: 0), 1)
        XCTAssertEqual(step.factor(at: 9), 1)
        XCTAssertEqual(step.factor(at: 10), 0.1, accuracy: 1e-7)
        XCTAssertEqual(step.factor(at: 25), 0.01, accuracy: 1e-8)
        let multi = LearningRateSchedule.multiStep(milestones: [5, 8], gamma: 0.5)
        XCTAssertEqual([4, 5, 7, 8, 100].map { multi.factor(at: $0) }, [1, 0.5, 0.5, 0.25, 0.25])
        let poly = LearningRateSchedule.poly(maxSteps: 100, power: 0.9)
        XCTAssertEqual(poly.factor(at: 0), 1)
        XCTAssertEqual(poly.factor(at: 50), Float(pow(0.5, 0.9)), accuracy: 1e-7)
        XCTAssertEqual(poly.factor(at: 90), Float(pow(0.1, 0.9)), accuracy: 1e-7)
        XCTAssertEqual(poly.factor(at: 100), 1e-6)
        XCTAssertEqual(poly.factor(at: 150), 1e-6)
        XCTAssertEqual(LearningRateSchedule.poly(maxSteps: 4, power: 1, minFactor: 0).factor(at: 3), 0.25)
    }

    func testClipGradNorm() {
        let a = Tensor([0, 0], shape: [2], requiresGrad: true)
        let b = Tensor([0], shape: [1], requiresGrad: true)
        let none = Tensor([0], shape: [1], requiresGrad: true)
        func setGrads() {
            a.zeroGrad(); b.zeroGrad()
            (a * Tensor([3, 4], shape: [2]) + 0).sum().backward()
            (b * 12).sum().backward()
        }
        setGrads()
        XCTAssertEqual(clipGradNorm([a, b, none], maxNorm: 20), 13, accuracy: 1e-6)
        XCTAssertEqual(a.grad!.scalars + b.grad!.scalars, [3, 4, 12]) // untouched below the limit
        XCTAssertEqual(clipGradNorm([a, b, none], maxNorm: 6.5), 13, accuracy: 1e-6)
        let k = Float(6.5 / (13 + 1e-6))
        assertClose(a.grad!.scalars + b.grad!.scalars, [3 * k, 4 * k, 12 * k], accuracy: 1e-7)
        XCTAssertEqual(clipGradNorm([a, b], maxNorm: 6.5), 6.5, accuracy: 1e-5)
        XCTAssertNil(none.grad)
    }

    /// Two steps, save parameters and state, two more steps; versus restoring into a fresh
    /// optimiser and running the last two steps there.
    private func assertResumesBitExactly(_ make: ([ParameterGroup]) -> Optimizer,
                                         file: StaticString = #filePath, line: UInt = #line) {
        let p = parameter(), q = Tensor([0.3, -0.7], shape: [2], requiresGrad: true)
        let groups = [ParameterGroup(parameters: [p], learningRate: 0.05, weightDecay: 0.01),
                      ParameterGroup(parameters: [q], learningRate: 0.02)]
        let opt = make(groups)
        let loss = { (a: Tensor, b: Tensor) in (self.c * a * a).sum() + (b * b * b).sum() }
        func run(_ o: Optimizer, _ a: Tensor, _ b: Tensor, _ n: Int) {
            for _ in 0..<n { o.zeroGrad(); loss(a, b).backward(); o.step() }
        }
        run(opt, p, q, 2)
        let savedP = p.copy(), savedQ = q.copy()
        XCTAssertFalse(opt.stateTensors().isEmpty, file: file, line: line)
        // Through a checkpoint file, as training would.
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("optimizer-state-\(UInt32.random(in: 0...UInt32.max)).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        var saved: [String: Tensor] = [:]
        XCTAssertNoThrow(try SafeTensors.write(opt.stateTensors(), to: url), file: file, line: line)
        XCTAssertNoThrow(saved = try SafeTensors.read(from: url).tensors, file: file, line: line)
        XCTAssertEqual(Set(saved.keys), Set(opt.stateTensors().keys), file: file, line: line)
        run(opt, p, q, 2)

        let p2 = savedP.copy(requiresGrad: true), q2 = savedQ.copy(requiresGrad: true)
        let resumed = make([ParameterGroup(parameters: [p2], learningRate: 0.05, weightDecay: 0.01),
                            ParameterGroup(parameters: [q2], learningRate: 0.02)])
        XCTAssertNoThrow(try resumed.loadStateTensors(saved), file: file, line: line)
        run(resumed, p2, q2, 2)
        XCTAssertEqual(p.scalars.map(\.bitPattern), p2.scalars.map(\.bitPattern), file: file, line: line)
        XCTAssertEqual(q.scalars.map(\.bitPattern), q2.scalars.map(\.bitPattern), file: file, line: line)
        for (k, v) in opt.stateTensors() {
            XCTAssertEqual(v.scalars, resumed.stateTensors()[k]?.scalars, k, file: file, line: line)
        }
    }

    func testStateExportImportResumesBitExactly() {
        assertResumesBitExactly { SGD(groups: $0, momentum: 0.9) }
        assertResumesBitExactly { Adam(groups: $0) }
        let sgd = SGD(groups: [ParameterGroup(parameters: [parameter()], learningRate: 0.1)])
        train(sgd, sgd.groups[0].parameters[0], c, steps: 1)
        XCTAssertEqual(Set(sgd.stateTensors().keys), ["group0.param0.momentum"])
        XCTAssertEqual(Set(Adam(groups: sgd.groups).stateTensors().keys), [])
    }

    func testStateLoadingRejectsMismatches() {
        let opt = Adam(groups: [ParameterGroup(parameters: [parameter()], learningRate: 0.1)])
        XCTAssertThrowsError(try opt.loadStateTensors(["group1.param0.exp_avg": Tensor.zeros([3])])) {
            XCTAssertEqual($0 as? OptimizerStateError, .unexpectedKey("group1.param0.exp_avg"))
        }
        let wrong: [String: Tensor] = ["group0.param0.exp_avg": Tensor.zeros([2]),
                                       "group0.param0.exp_avg_sq": Tensor.zeros([3]),
                                       "group0.param0.step": Tensor(scalar: 1)]
        XCTAssertThrowsError(try opt.loadStateTensors(wrong)) {
            XCTAssertEqual($0 as? OptimizerStateError,
                           .shapeMismatch(key: "group0.param0.exp_avg", expected: [3], found: [2]))
        }
        XCTAssertThrowsError(try opt.loadStateTensors(["group0.param0.step": Tensor(scalar: 1)])) {
            XCTAssertEqual($0 as? OptimizerStateError, .incompleteState(key: "group0.param0.exp_avg"))
        }
        XCTAssertNoThrow(try opt.loadStateTensors([:]))
    }
}
