import Foundation
import TensorEngine

/// Which training samples carry labels in a run. Every training sequence stays
/// available as unlabelled data whatever the subset.
public enum LabelledSubset: Equatable, Sendable {
    /// All training samples are labelled.
    case all
    /// `count` samples drawn uniformly without replacement with the dataset seed, so
    /// one seed gives one subset whatever the run seed.
    case random(count: Int, seed: UInt64)
    /// The samples named by stem or file name (the lists that data selection writes);
    /// `source` names the file they came from, for error messages.
    case named([String], source: String?)

    /// The subset listed in a text file, one sample name per line (blank lines and
    /// lines starting with '#' are skipped).
    public static func listed(inFile path: String) throws -> LabelledSubset {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw DataPipelineError.unreadableFile(path: path, reason: "not a readable UTF-8 text file")
        }
        let names = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        return .named(names, source: path)
    }

    /// The labelled samples' indices into `index`, sorted ascending.
    public func indices(in index: SampleIndex) throws -> [Int] {
        switch self {
        case .all:
            return Array(0..<index.count)
        case .random(let count, let seed):
            guard count > 0 && count <= index.count else {
                throw DataPipelineError.invalidSubset(
                    "asked for \(count) random samples of \(index.count) in \(index.layout.root)")
            }
            var rng = RandomGenerator(seed: seed).split("labelled-subset")
            return Array(rng.permutation(index.count).prefix(count)).sorted()
        case .named(let names, let source):
            guard !names.isEmpty else { throw DataPipelineError.invalidSubset("the list of names is empty") }
            var chosen = Set<Int>()
            for name in names {
                guard let i = index.index(named: name) else {
                    throw DataPipelineError.unknownSampleName(name, subsetFile: source)
                }
                guard chosen.insert(i).inserted else {
                    throw DataPipelineError.invalidSubset("'\(name)' is listed twice\(source.map { " in \($0)" } ?? "")")
                }
            }
            return chosen.sorted()
        }
    }
}
