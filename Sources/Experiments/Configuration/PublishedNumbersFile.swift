import Foundation
import Reports

/// Reads `configs/published.yml` strictly (unknown keys and wrong types are errors
/// naming the file, key and line) and checks it: every effect names rows the file has
/// and a claim the report knows, no cell appears twice.
public enum PublishedNumbersFile {
    public static func load(_ path: String) throws -> PublishedNumbers {
        let node = try StrictYAML.parse(file: path)
        let numbers = try StrictYAML.decode(PublishedNumbers.self, from: node, file: path)
        let problems = numbers.problems(knownClaims: PaperClaims.claimIds)
        if !problems.isEmpty {
            throw ExperimentError.invalidFile(path: path, reason: problems.joined(separator: "; "))
        }
        return numbers
    }
}
