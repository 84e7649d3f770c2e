import XCTest
import TensorEngine
import EngineTestSupport
import SemiSupervised

final class MeanTeacherTests: XCTestCase {
    func testDecaySchedule() {
        XCTAssertEqual(MeanTeacher.decay(step: 0), 0)
        XCTAssertEqual(MeanTeacher.decay(step: 1), 0.5)
        XCTAssertEqual(MeanTeacher.decay(step: 3), 0.75)
        XCTAssertEqual(MeanTeacher.decay(step: 99), 0.99)
        XCTAssertEqual(MeanTeacher.decay(step: 200), 0.99)
        XCTAssertEqual(MeanTeacher.decay(step: 9, maximum: 0.999), 0.9, accuracy: 1e-15)
    }

    /// teacher [1, 2, -0.5], student [3, -6, 0.25], by hand:
    /// step 0 (alpha 0): the student; step 1 (alpha 0.5): [2, -2, -0.125];
    /// step 200 (alpha 0.99): [0.99 + 0.03, 1.98 - 0.06, -0.495 + 0.0025] = [1.02, 1.92, -0.4925].
    func testUpdateArithmeticAtSteps0And1And200() {
        let student = [Tensor([3, -6, 0.25], shape: [3])]
        func teacherAfter(step: Int) -> [Float] {
            let teacher = [Tensor([1, 2, -0.5], shape: [3])]
            MeanTeacher.update(teacher: teacher, student: student, step: step)
            return teacher[0].scalars
        }
        XCTAssertEqual(teacherAfter(step: 0), [3, -6, 0.25])
        XCTAssertEqual(teacherAfter(step: 1), [2, -2, -0.125])
        let late = teacherAfter(step: 200)
        for (value, expected) in zip(late, [Float(1.02), 1.92, -0.4925]) {
            XCTAssertEqual(value, expected, accuracy: 1e-6)
        }
        XCTAssertEqual(student[0].scalars, [3, -6, 0.25], "the student is never written")
    }

    /// Started as a copy and updated at steps 1, 2, 3 the teacher is the plain mean of the
    /// student's iterates; every tensor of the list is updated.
    func testEarlyStepsAverageTheIterates() {
        let student = [Tensor([4, 8], shape: [2]), Tensor([1], shape: [1, 1])]
        let teacher = [Tensor.zeros([2]), Tensor.zeros([1, 1])]
        MeanTeacher.initialize(teacher: teacher, from: student)
        XCTAssertEqual(teacher[0].scalars, [4, 8])
        XCTAssertEqual(teacher[1].scalars, [1])
        let iterates: [([Float], Float)] = [([2, 2], 3), ([6, -1], 5), ([0, 3], -1)]
        var sums: ([Float], Float) = ([4, 8], 1)
        for (step, (a, b)) in iterates.enumerated() {
            student[0].assign(Tensor(a, shape: [2]))
            student[1].assign(Tensor([b], shape: [1, 1]))
            MeanTeacher.update(teacher: teacher, student: student, step: step + 1)
            sums.0 = zip(sums.0, a).map { $0 + $1 }
            sums.1 += b
            let count = Float(step + 2)
            assertClose(teacher[0].scalars, sums.0.map { $0 / count }, accuracy: 1e-6)
            XCTAssertEqual(teacher[1].item, sums.1 / count, accuracy: 1e-6)
        }
    }
}
