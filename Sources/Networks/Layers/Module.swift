import TensorEngine

/// Base class of every layer and network: a node in a tree of modules that holds
/// trainable parameters and buffers as stored `Tensor` properties.
///
/// Children, parameters and buffers are discovered by reflection over stored properties
/// (`Mirror`), including optionals and arrays of them, so a layer never lists them by
/// hand. Each property's state name is its Swift name in snake case (`runningMean` ->
/// "running_mean", `unetDec` -> "unet_dec"); array elements are named by index. Full
/// names join the path with dots, e.g. "encoder.layer1.0.conv1.weight", equal to the
/// PyTorch `state_dict` keys of the reference model. A module whose reference names do
/// not follow from its properties overrides `namedChildren()`.
///
/// Training mode (`train()`, `eval()`) propagates to all descendants; batch norm and
/// dropout read it. Modules start in training mode.
open class Module {
    /// Whether the module behaves as in training (batch statistics, active dropout).
    public private(set) var isTraining = true

    public init() {}

    /// The direct children with their state-name components, in declaration order.
    /// The default reflects over stored properties; override to rename.
    open func namedChildren() -> [(String, Module)] {
        reflectedEntries().modules
    }

    /// The tensors this module itself holds (not its children's), with their local
    /// state names, in declaration order.
    open func namedLocalTensors() -> [(String, Tensor)] {
        reflectedEntries().tensors
    }

    /// Local state names of tensors that are buffers (saved, never trained), e.g. a batch
    /// norm's running statistics. Everything else this module holds is a parameter.
    open var bufferNames: Set<String> { [] }

    /// Fills this module's own parameters (not its children's) with their initial values,
    /// drawing from `rng`, a stream that belongs to this module alone (see
    /// `initializeParameters(using:)`). Parameterless modules do nothing.
    open func resetParameters(using rng: RandomGenerator) {}

    /// Called for every module when the training mode changes; `isTraining` is already
    /// updated. Override to react (nothing by default).
    open func trainingModeDidChange() {}
}

extension Module {
    /// Every module of the tree with its dotted path relative to `self` ("" for `self`),
    /// parents before children.
    public func namedModules() -> [(String, Module)] {
        var out: [(String, Module)] = [("", self)]
        for (name, child) in namedChildren() {
            for (path, module) in child.namedModules() {
                out.append((path.isEmpty ? name : name + "." + path, module))
            }
        }
        return out
    }

    /// Trainable parameters with their full dotted names, in a fixed order.
    public func namedParameters() -> [(String, Tensor)] {
        namedTensors(buffers: false)
    }

    /// Buffers (running statistics, counters) with their full dotted names.
    public func namedBuffers() -> [(String, Tensor)] {
        namedTensors(buffers: true)
    }

    /// The parameters in `namedParameters()` order (for an optimiser's parameter group).
    public func parameters() -> [Tensor] {
        namedParameters().map { $0.1 }
    }

    /// Total number of parameter elements (buffers excluded).
    public var parameterCount: Int {
        parameters().reduce(0) { $0 + $1.count }
    }

    /// Sets training mode on this module and every descendant.
    public func train(_ on: Bool = true) {
        for (_, module) in namedModules() {
            module.isTraining = on
            module.trainingModeDidChange()
        }
    }

    /// Sets evaluation mode (running statistics, no dropout) on the whole tree.
    public func eval() { train(false) }

    /// Marks every parameter as trainable or frozen (`requiresGrad`).
    public func setTrainable(_ trainable: Bool) {
        for p in parameters() { p.setRequiresGrad(trainable) }
    }

    /// Initialises every parameter of the tree. Module at path P receives the stream
    /// `rng.split("module:" + P)`, so a parameter's initial values depend only on the
    /// seed and its name: adding a layer elsewhere never shifts them.
    public func initializeParameters(using rng: RandomGenerator) {
        for (path, module) in namedModules() {
            module.resetParameters(using: rng.split("module:" + path))
        }
    }

    private func namedTensors(buffers: Bool) -> [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        for (path, module) in namedModules() {
            let buffersHere = module.bufferNames
            for (name, tensor) in module.namedLocalTensors() where buffersHere.contains(name) == buffers {
                out.append((path.isEmpty ? name : path + "." + name, tensor))
            }
        }
        return out
    }

    /// Children and tensors found in the stored properties of this object and its
    /// superclasses (superclass properties first).
    func reflectedEntries() -> (modules: [(String, Module)], tensors: [(String, Tensor)]) {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let m = mirror {
            mirrors.append(m)
            mirror = m.superclassMirror
        }
        var modules: [(String, Module)] = []
        var tensors: [(String, Tensor)] = []
        for m in mirrors.reversed() {
            for child in m.children {
                guard let label = child.label else { continue }
                collect(child.value, name: stateName(ofProperty: label), modules: &modules, tensors: &tensors)
            }
        }
        return (modules, tensors)
    }
}

/// Adds `value` (a module, a tensor, or an optional or array of them) under `name`.
private func collect(_ value: Any, name: String,
                     modules: inout [(String, Module)], tensors: inout [(String, Tensor)]) {
    if let module = value as? Module {
        modules.append((name, module))
        return
    }
    if let tensor = value as? Tensor {
        tensors.append((name, tensor))
        return
    }
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .optional:
        if let wrapped = mirror.children.first {
            collect(wrapped.value, name: name, modules: &modules, tensors: &tensors)
        }
    case .collection:
        for (index, element) in mirror.children.enumerated() {
            collect(element.value, name: name + "." + String(index), modules: &modules, tensors: &tensors)
        }
    default:
        break
    }
}

/// A Swift property name in PyTorch's snake case: "runningMean" -> "running_mean".
func stateName(ofProperty label: String) -> String {
    var out = ""
    for ch in label {
        if ch.isUppercase {
            if !out.isEmpty { out.append("_") }
            out.append(contentsOf: ch.lowercased())
        } else {
            out.append(ch)
        }
    }
    return out
}
