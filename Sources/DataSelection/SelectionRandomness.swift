import TensorEngine

/// Where a selection's one random ingredient comes from: a seeded order of the N
/// candidates (a permutation of 0..<N).
///
/// The reference re-seeds and draws the same permutation at every step of a run
/// (label_selection.py: `choose_initial_samples`, `choose_new_samples`), so random
/// subsets are nested prefixes and the seed sample is the same at every step. Both cases
/// here are values, and `order(count:)` never consumes state: passing the same value at
/// every step gives the same order, as in the reference.
public enum SelectionRandomness: Sendable {
    /// NumPy's `np.random.seed(seed); np.random.permutation(N)`: the reference's exact
    /// order for its run seed (42, 43 or 44 in the paper).
    case numpy(seed: UInt32)
    /// The engine's generator: `permutation(N)` drawn from a copy of the generator.
    case generator(RandomGenerator)

    /// The candidate order: a permutation of 0..<count.
    public func order(count: Int) -> [Int] {
        switch self {
        case .numpy(let seed):
            var state = NumPyRandomState(seed: seed)
            return state.permutation(count)
        case .generator(let rng):
            var copy = rng
            return copy.permutation(count)
        }
    }
}
