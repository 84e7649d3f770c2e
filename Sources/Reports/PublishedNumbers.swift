import Foundation

/// The paper's published mIoU numbers (percent) with their provenance, each mapped to
/// the experiment and variant of ours it corresponds to, and the published effect of
/// each claim the report checks. Read from `configs/published.yml`; shown beside our
/// numbers under `label`.
public struct PublishedNumbers: Codable, Equatable, Sendable {
    /// An experiment and variant of ours.
    public struct Ours: Codable, Equatable, Hashable, Sendable {
        public var experiment: String
        public var variant: String

        public init(experiment: String, variant: String) {
            self.experiment = experiment
            self.variant = variant
        }
    }

    /// One published cell: mean ± std (mIoU %, over the paper's seeds) of a method at a
    /// label count.
    public struct Number: Codable, Equatable, Sendable {
        public var table: String
        public var method: String
        public var labels: Int
        public var mean: Double
        public var std: Double?
        public var ours: Ours?

        public init(table: String, method: String, labels: Int, mean: Double, std: Double?, ours: Ours? = nil) {
            self.table = table
            self.method = method
            self.labels = labels
            self.mean = mean
            self.std = std
            self.ours = ours
        }

        /// "59.14 ± 1.02".
        public var formatted: String {
            String(format: "%.2f", mean) + (std.map { " ± " + String(format: "%.2f", $0) } ?? "")
        }
    }

    /// A row of a published table (all its label counts).
    public struct RowReference: Codable, Equatable, Sendable {
        public var table: String
        public var method: String

        public init(table: String, method: String) {
            self.table = table
            self.method = method
        }
    }

    /// The published effect of a claim: better - worse, or (better - betterBase) -
    /// (worse - worseBase), at a label count every row has.
    public struct Effect: Codable, Equatable, Sendable {
        public var claim: String
        public var better: RowReference
        public var worse: RowReference
        public var betterBase: RowReference?
        public var worseBase: RowReference?

        public init(claim: String, better: RowReference, worse: RowReference,
                    betterBase: RowReference? = nil, worseBase: RowReference? = nil) {
            self.claim = claim
            self.better = better
            self.worse = worse
            self.betterBase = betterBase
            self.worseBase = worseBase
        }
    }

    /// How the numbers are labelled in tables and figures, e.g. "published (IJCV, transcribed)".
    public var label: String
    /// Where the numbers come from.
    public var source: String
    public var numbers: [Number]
    public var effects: [Effect]

    public init(label: String, source: String, numbers: [Number], effects: [Effect]) {
        self.label = label
        self.source = source
        self.numbers = numbers
        self.effects = effects
    }

    /// A published value at a label count.
    public struct Value: Equatable, Sendable {
        /// mIoU points.
        public var mean: Double
        public var labels: Int

        public init(mean: Double, labels: Int) {
            self.mean = mean
            self.labels = labels
        }
    }

    /// The label count of `available` nearest `ours` on a log scale (the smaller on a tie).
    public static func nearest(_ available: [Int], to ours: Int) -> Int? {
        let target = log(Double(max(1, ours)))
        return available.sorted().min { abs(log(Double($0)) - target) < abs(log(Double($1)) - target) }
    }

    /// The published number of one of our variants (its first mapped table) at the
    /// subset count nearest `labels`, or with `labels` nil (all labels) at the
    /// all-labels count (`PublishedTables.allLabels`).
    public func number(for ours: Ours, labels: Int?) -> Number? {
        guard let table = numbers.first(where: { $0.ours == ours })?.table else { return nil }
        let mine = numbers.filter { $0.ours == ours && $0.table == table }
        guard let labels else { return mine.first { $0.labels == PublishedTables.allLabels } }
        let counts = mine.map(\.labels).filter { $0 != PublishedTables.allLabels }
        guard let chosen = Self.nearest(counts, to: labels) else { return nil }
        return mine.first { $0.labels == chosen }
    }

    /// The published effect of `claim` at the label count nearest `labels`, in mIoU points.
    public func effect(claim: String, labels: Int?) -> Value? {
        guard let effect = effects.first(where: { $0.claim == claim }) else { return nil }
        let rows = [effect.better, effect.worse] + [effect.betterBase, effect.worseBase].compactMap { $0 }
        let perRow = rows.map { row in numbers.filter { $0.table == row.table && $0.method == row.method } }
        let common = perRow.dropFirst().reduce(Set(perRow[0].map(\.labels))) { $0.intersection($1.map(\.labels)) }
        guard let chosen = labels.map({ Self.nearest(Array(common), to: $0) }) ?? common.max() else { return nil }
        func value(_ row: RowReference?) -> Double {
            guard let row else { return 0 }
            return numbers.first { $0.table == row.table && $0.method == row.method && $0.labels == chosen }!.mean
        }
        let mean = (value(effect.better) - value(effect.betterBase)) - (value(effect.worse) - value(effect.worseBase))
        return Value(mean: mean, labels: chosen)
    }

    /// Problems that make the file unusable (duplicate cells, an effect naming a missing
    /// row or an unknown claim, a variant mapped to two rows of one table at one label
    /// count, a gain claim with only one base); empty when it is sound.
    public func problems(knownClaims: [String]) -> [String] {
        var problems: [String] = []
        var cells = Set<String>()
        for n in numbers {
            let key = "\(n.table)|\(n.method)|\(n.labels)"
            if !cells.insert(key).inserted {
                problems.append("numbers: '\(n.method)' of '\(n.table)' at \(n.labels) labels appears twice")
            }
            if !(n.mean.isFinite && n.mean >= 0 && n.mean <= 100) {
                problems.append("numbers: '\(n.method)' of '\(n.table)' at \(n.labels) labels: mean \(n.mean) is not a percentage")
            }
            if n.labels <= 0 { problems.append("numbers: '\(n.method)' of '\(n.table)': labels must be positive") }
        }
        var mapped: [String: String] = [:]
        for n in numbers {
            guard let ours = n.ours else { continue }
            let key = "\(n.table)|\(ours.experiment)/\(ours.variant)@\(n.labels)"
            if let other = mapped[key], other != n.table + "|" + n.method {
                problems.append("numbers: \(ours.experiment)/\(ours.variant) maps to two rows of '\(n.table)' at \(n.labels) "
                                + "labels ('\(other.split(separator: "|").last ?? "")' and '\(n.method)')")
            }
            mapped[key] = n.table + "|" + n.method
        }
        for e in effects {
            if !knownClaims.contains(e.claim) {
                problems.append("effects: unknown claim '\(e.claim)' (known: \(knownClaims.joined(separator: ", ")))")
            }
            if (e.betterBase == nil) != (e.worseBase == nil) {
                problems.append("effects: claim '\(e.claim)' needs both betterBase and worseBase, or neither")
            }
            for row in [e.better, e.worse] + [e.betterBase, e.worseBase].compactMap({ $0 })
                where !numbers.contains(where: { $0.table == row.table && $0.method == row.method }) {
                problems.append("effects: claim '\(e.claim)' names '\(row.method)' of '\(row.table)', which numbers lacks")
            }
            if effect(claim: e.claim, labels: nil) == nil, problems.isEmpty {
                problems.append("effects: claim '\(e.claim)': its rows share no label count")
            }
        }
        let claims = effects.map(\.claim)
        for c in Set(claims) where claims.filter({ $0 == c }).count > 1 {
            problems.append("effects: claim '\(c)' appears twice")
        }
        return problems
    }
}
