import SynthCity
import TreeTestSupport

extension SynthCitySettings {
    /// The tree the loader tests share (`TinyTree`): 6 training and 2 validation
    /// sequences at 64x32.
    static let loaderTests = TinyTree.settings(seed: 3, train: 6, val: 2)
}
