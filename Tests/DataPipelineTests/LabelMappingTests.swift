@testable import DataPipeline
import ImageIO
import XCTest

/// Label ids map to the 19 train ids exactly as Cityscapes' official table
/// (cityscapesScripts labels.py): the evaluated label ids below, in train-id order,
/// and every other byte value to the ignore index 255.
final class LabelMappingTests: XCTestCase {
    /// Transcribed independently of the library's table from cityscapesScripts: the
    /// ids of road, sidewalk, building, wall, fence, pole, traffic light, traffic
    /// sign, vegetation, terrain, sky, person, rider, car, truck, bus, train,
    /// motorcycle, bicycle.
    let officialEvaluatedIds = [7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33]

    func testEveryByteValueMapsAsTheOfficialTable() {
        let image = PNGImage(width: 16, height: 16, gray8: (0..<256).map { UInt8($0) })
        var out = [Float](repeating: -1, count: 256)
        out.withUnsafeMutableBufferPointer {
            FrameReading.trainIds(image, window: .full(width: 16, height: 16), flip: false, into: $0.baseAddress!)
        }
        for id in 0..<256 {
            let expected = officialEvaluatedIds.firstIndex(of: id).map(Float.init) ?? 255
            XCTAssertEqual(out[id], expected, "label id \(id)")
        }
    }

    func testCropAndFlipOfLabels() {
        // 4x2 image with ids 7 8 11 12 / 13 17 19 20 -> train ids 0 1 2 3 / 4 5 6 7.
        let image = PNGImage(width: 4, height: 2, gray8: [7, 8, 11, 12, 13, 17, 19, 20])
        var out = [Float](repeating: -1, count: 3)
        out.withUnsafeMutableBufferPointer {
            FrameReading.trainIds(image, window: CropWindow(x0: 1, y0: 1, width: 3, height: 1), flip: true,
                                  into: $0.baseAddress!)
        }
        XCTAssertEqual(out, [7, 6, 5])
    }
}
