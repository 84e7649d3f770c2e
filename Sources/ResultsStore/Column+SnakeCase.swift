import GRDB

extension Column {
    /// The snake_case column of a `SnakeCaseColumns` record's property, named as the
    /// record's encoding strategy names it: `CodingKeys.meanIoU` -> `mean_iou`.
    /// (GRDB's own `Column(CodingKeys.meanIoU)` would name `meanIoU`, which is no column.)
    init(snakeCase property: some CodingKey) {
        self.init(ColumnName.column(of: property.stringValue))
    }
}
