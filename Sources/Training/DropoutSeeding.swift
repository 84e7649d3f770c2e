import Networks
import TensorEngine

extension Module {
    /// Reseeds every dropout layer below this module from `rng`, split by the layer's
    /// name, so the masks of a training step depend only on the step's generator (and a
    /// resumed run draws the masks an uninterrupted one would have drawn).
    func reseedDropout(from rng: RandomGenerator) {
        for (name, module) in namedModules() {
            if let dropout = module as? Dropout { dropout.generator = rng.split(name) }
        }
    }
}
