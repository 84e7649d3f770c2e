import Foundation
import TensorEngine

extension Module {
    /// Parameters and buffers by full dotted name. The values are the module's own
    /// tensors (shared storage, not copies): copy them to keep a snapshot.
    public func stateDict() -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (name, tensor) in namedParameters() { out[name] = tensor }
        for (name, tensor) in namedBuffers() { out[name] = tensor }
        return out
    }

    /// Copies the values of `stateDict` into the module's parameters and buffers.
    ///
    /// - Parameter strict: when true, every tensor of the module must be present and
    ///   every key must belong to the module; when false, missing and unexpected keys are
    ///   skipped. Shapes must match in both modes.
    /// - Throws: `StateDictError` naming the missing or unexpected keys (sorted) or the
    ///   mismatching key; the module is unchanged when it throws.
    public func load(stateDict: [String: Tensor], strict: Bool = true) throws {
        let own = self.stateDict()
        if strict {
            let missing = own.keys.filter { stateDict[$0] == nil }.sorted()
            if !missing.isEmpty { throw StateDictError.missingKeys(missing) }
            let unexpected = stateDict.keys.filter { own[$0] == nil }.sorted()
            if !unexpected.isEmpty { throw StateDictError.unexpectedKeys(unexpected) }
        }
        var pairs: [(Tensor, Tensor)] = []
        for key in own.keys.sorted() {
            guard let target = own[key], let source = stateDict[key] else { continue }
            guard target.shape == source.shape else {
                throw StateDictError.shapeMismatch(key: key, expected: target.shape, found: source.shape)
            }
            pairs.append((target, source))
        }
        for (target, source) in pairs { target.assign(source) }
    }

    /// Writes `stateDict()` to a safetensors file, readable by
    /// `safetensors.torch.load_file` with the reference's names.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        do {
            try SafeTensors.write(stateDict(), metadata: metadata, to: url)
        } catch {
            throw StateDictError.checkpoint(String(describing: error))
        }
    }

    /// Loads a safetensors file written by `save(to:)` (or exported from PyTorch with the
    /// reference's names). Errors name the file and the offending key.
    public func load(from url: URL, strict: Bool = true) throws {
        let tensors: [String: Tensor]
        do {
            tensors = try SafeTensors.read(from: url).tensors
        } catch {
            throw StateDictError.checkpoint(String(describing: error))
        }
        do {
            try load(stateDict: tensors, strict: strict)
        } catch let error as StateDictError {
            throw StateDictError.checkpoint("checkpoint '\(url.path)': \(error)")
        }
    }
}

extension Dictionary where Key == String, Value == Tensor {
    /// The entries whose key starts with `prefix` + ".", with that part removed:
    /// `["encoder.conv1.weight": w].entries(under: "encoder")` is `["conv1.weight": w]`.
    public func entries(under prefix: String) -> [String: Tensor] {
        let head = prefix + "."
        var out: [String: Tensor] = [:]
        for (key, value) in self where key.hasPrefix(head) {
            out[String(key.dropFirst(head.count))] = value
        }
        return out
    }

    /// Every key with `prefix` + "." put in front (the inverse of `entries(under:)`).
    public func prefixed(by prefix: String) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (key, value) in self { out[prefix + "." + key] = value }
        return out
    }
}
