/// What merging one shard did (`ResultsStore.merge(shard:)`), counted in runs and rows.
public struct MergeSummary: Equatable, Sendable {
    /// Runs copied whose key the target did not have.
    public var added = 0
    /// Unfinished target runs replaced by the shard's finished run of the same key.
    public var replaced = 0
    /// Shard runs left out: the target has the key finished, or neither is finished.
    public var skipped = 0
    /// Rows of tables not hanging off a run (e.g. `dataset`) that were new.
    public var otherRows = 0

    public init() {}
}
