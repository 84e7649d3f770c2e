import GRDB

/// Records whose Swift properties (camelCase) are stored in snake_case columns:
/// `configJSON` in `config_json`, `meanIoU` in `mean_iou`. The mapping is
/// `ColumnName`'s; a record's `Columns` constants name the same columns.
public protocol SnakeCaseColumns {}

extension FetchableRecord where Self: SnakeCaseColumns {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy {
        .custom { ColumnName.property(of: $0) }
    }
}

extension EncodableRecord where Self: SnakeCaseColumns {
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy {
        .custom { ColumnName.column(of: $0.stringValue) }
    }
}
