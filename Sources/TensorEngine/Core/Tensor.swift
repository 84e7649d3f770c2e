/// A Float32 n-dimensional array in contiguous row-major layout (images: N, C, H, W),
/// with an optional reverse-mode gradient.
///
/// Tensors are immutable in shape; their values may be written in place only by
/// optimisers (parameters) and by kernels filling a fresh output. Operations build the
/// autograd graph when gradient mode is on and any input `requiresGrad`.
public final class Tensor {
    /// Extent of each axis, outermost first.
    public let shape: [Int]
    /// The values, `shape.reduce(1, *)` of them, row-major.
    public let storage: Storage
    /// Whether gradients flow to this tensor (parameters, or results computed from them).
    public internal(set) var requiresGrad: Bool
    /// Accumulated gradient of the last `backward()`, same shape as the tensor.
    public internal(set) var grad: Tensor?
    /// How this tensor was computed; nil for leaves and for tensors made without grad.
    var gradFn: GradFunction?
    /// Whether `grad`'s storage belongs to this tensor alone (see `accumulateGrad`).
    var gradIsOwned = false

    /// Wraps existing storage (no copy). `storage.count` must equal the shape's product.
    public init(shape: [Int], storage: Storage, requiresGrad: Bool = false) {
        precondition(storage.count == shape.reduce(1, *),
                     "Tensor: storage of \(storage.count) elements does not fit shape \(shape)")
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in \(shape)")
        self.shape = shape
        self.storage = storage
        self.requiresGrad = requiresGrad
    }

    /// A tensor of uninitialised values (kernels fill it).
    public convenience init(uninitializedShape shape: [Int]) {
        self.init(shape: shape, storage: Storage(uninitializedCount: shape.reduce(1, *)))
    }

    /// A tensor with every element equal to `value`.
    public convenience init(repeating value: Float, shape: [Int], requiresGrad: Bool = false) {
        self.init(shape: shape, storage: Storage(count: shape.reduce(1, *), repeating: value),
                  requiresGrad: requiresGrad)
    }

    /// A tensor holding a copy of `values` (row-major) in the given shape.
    public convenience init(_ values: [Float], shape: [Int], requiresGrad: Bool = false) {
        let storage = Storage(uninitializedCount: values.count)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { storage.pointer.update(from: base, count: values.count) }
        }
        self.init(shape: shape, storage: storage, requiresGrad: requiresGrad)
    }

    /// A scalar (rank-0) tensor.
    public convenience init(scalar: Float) { self.init([scalar], shape: []) }

    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        Tensor(repeating: 0, shape: shape, requiresGrad: requiresGrad)
    }

    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        Tensor(repeating: 1, shape: shape, requiresGrad: requiresGrad)
    }

    /// Number of elements.
    @inlinable public var count: Int { storage.count }
    /// Number of axes.
    @inlinable public var rank: Int { shape.count }
    /// Read-only pointer to the first element.
    @inlinable public var data: UnsafeMutablePointer<Float> { storage.pointer }

    /// A copy of the values as an array (row-major).
    public var scalars: [Float] { Array(storage.buffer) }

    /// The single value of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "Tensor.item needs one element, shape is \(shape)")
        return storage.pointer[0]
    }

    /// Extent of axis `axis`; negative axes count from the end.
    public func size(_ axis: Int) -> Int { shape[normalizedAxis(axis)] }

    func normalizedAxis(_ axis: Int) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < rank, "axis \(axis) out of range for shape \(shape)")
        return a
    }

    /// A new leaf tensor with the same values that records no history.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// A new leaf tensor holding a copy of the values.
    public func copy(requiresGrad: Bool = false) -> Tensor {
        let out = Storage(uninitializedCount: count)
        out.pointer.update(from: storage.pointer, count: count)
        return Tensor(shape: shape, storage: out, requiresGrad: requiresGrad)
    }

    /// Marks a leaf tensor as trainable (or not). Only leaves may change this.
    public func setRequiresGrad(_ flag: Bool) {
        precondition(gradFn == nil, "setRequiresGrad: only leaf tensors can change requiresGrad")
        requiresGrad = flag
    }

    /// Forgets the accumulated gradient.
    public func zeroGrad() { grad = nil }

    /// Overwrites the values with those of `other` (same element count); used by
    /// optimisers, EMA teachers and checkpoint loading.
    public func assign(_ other: Tensor) {
        precondition(other.count == count, "assign: \(other.shape) into \(shape)")
        storage.pointer.update(from: other.storage.pointer, count: count)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 8 ? ", ..." : "")])"
    }
}

/// Row-major strides of a shape (elements, not bytes).
@inlinable
public func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var s = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[i] = s
        s *= shape[i]
    }
    return strides
}
