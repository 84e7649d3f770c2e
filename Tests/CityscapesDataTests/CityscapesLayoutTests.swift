import CityscapesData
import XCTest

/// The label table and file layout match Cityscapes.
final class CityscapesDataTests: XCTestCase {
    func testLabelTable() {
        XCTAssertEqual(CityscapesLabels.all.count, 35)
        XCTAssertEqual(CityscapesLabels.all.filter { $0.id >= 0 }.map(\.id), Array(0...33))
        XCTAssertEqual(CityscapesLabels.evaluated.map(\.name), [
            "road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign",
            "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus", "train",
            "motorcycle", "bicycle",
        ])
        XCTAssertEqual(CityscapesLabels.evaluated.map(\.id),
                       [7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33])
        XCTAssertEqual(CityscapesLabels.trainIdOfLabelId[7], 0)
        XCTAssertEqual(CityscapesLabels.trainIdOfLabelId[33], 18)
        XCTAssertEqual(CityscapesLabels.trainIdOfLabelId[29], 255)
        XCTAssertEqual(CityscapesLabels.trainIdOfLabelId[0], 255)
        XCTAssertEqual(CityscapesLabels.label(named: "license plate")?.trainId, -1)
        XCTAssertEqual(CityscapesLabels.label(id: 26)?.color, RGB8(0, 0, 142))
        XCTAssertEqual(CityscapesLabels.label(id: 19)?.color, RGB8(250, 170, 30))
        XCTAssertEqual(Int(CityscapesLabels.sky), CityscapesLabels.label(named: "sky")?.id)
    }

    func testLayoutPaths() {
        let layout = CityscapesLayout(root: "/data/cs/")
        let id = CityscapesFrameID(city: "aachen", sequence: 3, frame: 19)
        XCTAssertEqual(layout.leftImage(id, split: .train), "/data/cs/leftImg8bit/train/aachen/aachen_000003_000019_leftImg8bit.png")
        XCTAssertEqual(layout.sequenceImage(id.offset(by: -1), split: .val),
                       "/data/cs/leftImg8bit_sequence/val/aachen/aachen_000003_000018_leftImg8bit.png")
        XCTAssertEqual(layout.labelIds(id, split: .train), "/data/cs/gtFine/train/aachen/aachen_000003_000019_gtFine_labelIds.png")
        XCTAssertEqual(layout.labelColor(id, split: .train), "/data/cs/gtFine/train/aachen/aachen_000003_000019_gtFine_color.png")
        XCTAssertEqual(layout.disparity(id, split: .train), "/data/cs/disparity/train/aachen/aachen_000003_000019_disparity.png")
        XCTAssertEqual(layout.camera(id, split: .train), "/data/cs/camera/train/aachen/aachen_000003_000019_camera.json")
        XCTAssertEqual(layout.pose(id, split: .train), "/data/cs/synthcity/train/aachen/aachen_000003_000019_pose.json")
        XCTAssertEqual(CityscapesFrameID(fileName: "aachen_000003_000019_leftImg8bit.png"), id)
        XCTAssertEqual(CityscapesFrameID(fileName: "aachen_000003_000019"), id)
        XCTAssertNil(CityscapesFrameID(fileName: "aachen_3_19_leftImg8bit.png"))
    }

    func testCameraFileRoundTrip() throws {
        let camera = CityscapesCamera(fx: 2262.52, fy: 2265.3017905988554, u0: 1096.98, v0: 513.137, baseline: 0.209313,
                                      x: 1.7, y: 0.1, z: 1.18, yaw: -0.0195, pitch: 0.038, roll: 0)
        XCTAssertEqual(try CityscapesCamera(json: Data(camera.jsonText.utf8)), camera)
        XCTAssertTrue(camera.jsonText.contains("\"intrinsic\": {"))
    }
}
