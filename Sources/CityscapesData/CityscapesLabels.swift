/// The official Cityscapes label table and lookups derived from it.
///
/// The table reproduces cityscapesScripts' `labels.py` row for row: 34 labels with ids
/// 0...33 plus the license plate (id -1). The 19 evaluated classes have train ids
/// 0 (road) ... 18 (bicycle); all other labels map to `ignoreTrainId` (255).
public enum CityscapesLabels {
    /// Train id of ignored pixels.
    public static let ignoreTrainId = 255
    /// Number of evaluated classes (train ids 0...18).
    public static let evaluatedClassCount = 19

    // Label ids of the 19 evaluated classes and of sky, as stored in labelIds images.
    public static let road: UInt8 = 7
    public static let sidewalk: UInt8 = 8
    public static let building: UInt8 = 11
    public static let wall: UInt8 = 12
    public static let fence: UInt8 = 13
    public static let pole: UInt8 = 17
    public static let trafficLight: UInt8 = 19
    public static let trafficSign: UInt8 = 20
    public static let vegetation: UInt8 = 21
    public static let terrain: UInt8 = 22
    public static let sky: UInt8 = 23
    public static let person: UInt8 = 24
    public static let rider: UInt8 = 25
    public static let car: UInt8 = 26
    public static let truck: UInt8 = 27
    public static let bus: UInt8 = 28
    public static let train: UInt8 = 31
    public static let motorcycle: UInt8 = 32
    public static let bicycle: UInt8 = 33

    /// Every label, in the order of `labels.py`.
    public static let all: [CityscapesLabel] = [
        row("unlabeled", 0, 255, "void", 0, false, true, RGB8(0, 0, 0)),
        row("ego vehicle", 1, 255, "void", 0, false, true, RGB8(0, 0, 0)),
        row("rectification border", 2, 255, "void", 0, false, true, RGB8(0, 0, 0)),
        row("out of roi", 3, 255, "void", 0, false, true, RGB8(0, 0, 0)),
        row("static", 4, 255, "void", 0, false, true, RGB8(0, 0, 0)),
        row("dynamic", 5, 255, "void", 0, false, true, RGB8(111, 74, 0)),
        row("ground", 6, 255, "void", 0, false, true, RGB8(81, 0, 81)),
        row("road", 7, 0, "flat", 1, false, false, RGB8(128, 64, 128)),
        row("sidewalk", 8, 1, "flat", 1, false, false, RGB8(244, 35, 232)),
        row("parking", 9, 255, "flat", 1, false, true, RGB8(250, 170, 160)),
        row("rail track", 10, 255, "flat", 1, false, true, RGB8(230, 150, 140)),
        row("building", 11, 2, "construction", 2, false, false, RGB8(70, 70, 70)),
        row("wall", 12, 3, "construction", 2, false, false, RGB8(102, 102, 156)),
        row("fence", 13, 4, "construction", 2, false, false, RGB8(190, 153, 153)),
        row("guard rail", 14, 255, "construction", 2, false, true, RGB8(180, 165, 180)),
        row("bridge", 15, 255, "construction", 2, false, true, RGB8(150, 100, 100)),
        row("tunnel", 16, 255, "construction", 2, false, true, RGB8(150, 120, 90)),
        row("pole", 17, 5, "object", 3, false, false, RGB8(153, 153, 153)),
        row("polegroup", 18, 255, "object", 3, false, true, RGB8(153, 153, 153)),
        row("traffic light", 19, 6, "object", 3, false, false, RGB8(250, 170, 30)),
        row("traffic sign", 20, 7, "object", 3, false, false, RGB8(220, 220, 0)),
        row("vegetation", 21, 8, "nature", 4, false, false, RGB8(107, 142, 35)),
        row("terrain", 22, 9, "nature", 4, false, false, RGB8(152, 251, 152)),
        row("sky", 23, 10, "sky", 5, false, false, RGB8(70, 130, 180)),
        row("person", 24, 11, "human", 6, true, false, RGB8(220, 20, 60)),
        row("rider", 25, 12, "human", 6, true, false, RGB8(255, 0, 0)),
        row("car", 26, 13, "vehicle", 7, true, false, RGB8(0, 0, 142)),
        row("truck", 27, 14, "vehicle", 7, true, false, RGB8(0, 0, 70)),
        row("bus", 28, 15, "vehicle", 7, true, false, RGB8(0, 60, 100)),
        row("caravan", 29, 255, "vehicle", 7, true, true, RGB8(0, 0, 90)),
        row("trailer", 30, 255, "vehicle", 7, true, true, RGB8(0, 0, 110)),
        row("train", 31, 16, "vehicle", 7, true, false, RGB8(0, 80, 100)),
        row("motorcycle", 32, 17, "vehicle", 7, true, false, RGB8(0, 0, 230)),
        row("bicycle", 33, 18, "vehicle", 7, true, false, RGB8(119, 11, 32)),
        row("license plate", -1, -1, "vehicle", 7, false, true, RGB8(0, 0, 142)),
    ]

    /// The 19 evaluated labels in train-id order (road first, bicycle last).
    public static let evaluated: [CityscapesLabel] =
        all.filter(\.isEvaluated).sorted { $0.trainId < $1.trainId }

    /// The label with label id `id`, or nil for ids outside the table.
    public static func label(id: Int) -> CityscapesLabel? {
        all.first { $0.id == id }
    }

    /// The label with the given name (e.g. "traffic sign"), or nil.
    public static func label(named name: String) -> CityscapesLabel? {
        all.first { $0.name == name }
    }

    /// 256 entries: the train id (0...18, or 255) of every possible 8-bit label id.
    /// Ids outside the table map to 255.
    public static let trainIdOfLabelId: [UInt8] = {
        var table = [UInt8](repeating: UInt8(ignoreTrainId), count: 256)
        for label in all where label.id >= 0 && label.isEvaluated {
            table[label.id] = UInt8(label.trainId)
        }
        return table
    }()

    /// 256 entries: the palette colour of every possible 8-bit label id (black for ids
    /// outside the table), for writing `*_gtFine_color.png`.
    public static let colorOfLabelId: [RGB8] = {
        var table = [RGB8](repeating: RGB8(0, 0, 0), count: 256)
        for label in all where label.id >= 0 { table[label.id] = label.color }
        return table
    }()

    private static func row(_ name: String, _ id: Int, _ trainId: Int, _ category: String,
                            _ categoryId: Int, _ hasInstances: Bool, _ ignoreInEval: Bool,
                            _ color: RGB8) -> CityscapesLabel {
        CityscapesLabel(name: name, id: id, trainId: trainId, category: category,
                        categoryId: categoryId, hasInstances: hasInstances,
                        ignoreInEval: ignoreInEval, color: color)
    }
}
