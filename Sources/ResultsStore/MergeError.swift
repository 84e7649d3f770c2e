/// Why a shard was not merged (`ResultsStore.merge(shard:)`). Every message names the
/// shard file; nothing of a refused shard is written (one transaction per shard).
public enum MergeError: Error, CustomStringConvertible {
    /// Missing, unreadable, corrupt, or not a results store.
    case unreadableShard(path: String, reason: String)
    /// The shard's applied migrations differ from the target's.
    case schemaMismatch(path: String, onlyInShard: [String], onlyInTarget: [String])
    /// A run of the same experiment, variant, profile, seed, subset and dataset with
    /// another configuration hash is already in the target.
    case configHashConflict(path: String, run: String, shardHash: String, targetHash: String)

    public var description: String {
        switch self {
        case let .unreadableShard(path, reason):
            return "cannot merge shard \(path): \(reason)"
        case let .schemaMismatch(path, onlyShard, onlyTarget):
            return "cannot merge shard \(path): its schema differs from the target's (migrations only in the shard: "
                + (onlyShard.isEmpty ? "none" : onlyShard.joined(separator: "; ")) + "; only in the target: "
                + (onlyTarget.isEmpty ? "none" : onlyTarget.joined(separator: "; "))
                + "); write shards and target with the same threeways version"
        case let .configHashConflict(path, run, shardHash, targetHash):
            return "cannot merge shard \(path): run \(run) has configuration hash \(shardHash) but the target holds "
                + "the same run with hash \(targetHash) (the configuration changed between the runs); merge into a new file"
        }
    }
}
