/// One row of the official Cityscapes label table (cityscapesScripts' `labels.py`).
///
/// `id` is the value stored in `*_gtFine_labelIds.png`; `trainId` is the class index a
/// network is trained on (0...18 for the 19 evaluated classes, 255 for ignored labels,
/// and -1 for the license plate, exactly as in `labels.py`).
public struct CityscapesLabel: Equatable, Hashable, Sendable {
    /// Human-readable name, e.g. "traffic light".
    public let name: String
    /// Label id as stored in labelIds images (-1 only for the license plate, which never
    /// appears in them).
    public let id: Int
    /// Training id: 0...18 for evaluated classes, 255 = ignore, -1 = license plate.
    public let trainId: Int
    /// Category name, e.g. "flat", "construction", "vehicle".
    public let category: String
    /// Category index (0 void ... 7 vehicle).
    public let categoryId: Int
    /// Whether the label distinguishes instances (persons and vehicles).
    public let hasInstances: Bool
    /// Whether pixels of this label are ignored in evaluation.
    public let ignoreInEval: Bool
    /// Colour of the label in `*_gtFine_color.png`.
    public let color: RGB8

    public init(name: String, id: Int, trainId: Int, category: String, categoryId: Int,
                hasInstances: Bool, ignoreInEval: Bool, color: RGB8) {
        self.name = name
        self.id = id
        self.trainId = trainId
        self.category = category
        self.categoryId = categoryId
        self.hasInstances = hasInstances
        self.ignoreInEval = ignoreInEval
        self.color = color
    }

    /// Whether the label is one of the 19 classes scored by the benchmark.
    public var isEvaluated: Bool { trainId >= 0 && trainId < CityscapesLabels.evaluatedClassCount }
}
