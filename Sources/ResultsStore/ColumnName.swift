import Foundation

/// The mapping between property names and column names, acronyms included.
enum ColumnName {
    private static let acronyms = [("IoU", "Iou"), ("JSON", "Json")]

    /// "meanIoU" -> "mean_iou", "configJSON" -> "config_json", "runId" -> "run_id".
    static func column(of property: String) -> String {
        var name = property
        for (acronym, word) in acronyms { name = name.replacingOccurrences(of: acronym, with: word) }
        var out = ""
        for c in name {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// The inverse of `column(of:)`.
    static func property(of column: String) -> CodingKey {
        var out = "", upper = false
        for c in column {
            if c == "_" { upper = true; continue }
            out += upper ? c.uppercased() : String(c)
            upper = false
        }
        for (acronym, word) in acronyms { out = out.replacingOccurrences(of: word, with: acronym) }
        return PropertyKey(stringValue: out)
    }

    private struct PropertyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
