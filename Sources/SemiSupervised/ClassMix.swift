import TensorEngine

/// ClassMix masks (reference: train.py `generate_mix_mask`, mode "class", and
/// loader/transformmasks.py `generate_class_mask`): for each image, half of the classes
/// present in its class map are chosen at random and the mask is 1 exactly on their
/// pixels. With `Mixing.mix`, mask i pastes those pixels of image i over image
/// (i + 1) % N.
///
/// Class maps are Float class ids (non-negative integers; the teacher's argmax,
/// `PseudoLabels.classes`), [H, W] for one image or [N, H, W] for a batch. Masks are
/// Float 0/1, [1, 1, H, W] for one image, [N, 1, H, W] for a batch.
public enum ClassMix {
    /// The distinct class ids of a class map in ascending order (as `torch.unique`),
    /// without `ignoreIndex` (the reference drops its ignore label 250 here).
    public static func presentClasses(in classMap: Tensor, ignoreIndex: Int = 255) -> [Int] {
        let table = occurrenceTable(classMap.data, count: classMap.count)
        return table.indices.filter { table[$0] && $0 != ignoreIndex }
    }

    /// Chooses floor(n / 2) of the n `present` classes without replacement, each subset
    /// equally likely: the reference's `np.random.choice(n, (n - n % 2) / 2, replace=False)`,
    /// which takes the first entries of a random permutation, drawn here from `rng`.
    /// Returned in ascending order.
    public static func chooseClasses(from present: [Int], rng: inout RandomGenerator) -> [Int] {
        let n = present.count
        let k = (n - n % 2) / 2
        return rng.permutation(n).prefix(k).map { present[$0] }.sorted()
    }

    /// A mask [1, 1, H, W] that is 1 where `classMap` [H, W] holds one of `classes`.
    public static func mask(classMap: Tensor, classes: [Int]) -> Tensor {
        precondition(classMap.rank == 2, "ClassMix.mask: class map must be [H, W], got \(classMap.shape)")
        let out = Tensor(uninitializedShape: [1, 1] + classMap.shape)
        fill(out.data, from: classMap.data, count: classMap.count, classes: classes)
        return out
    }

    /// The ClassMix mask [1, 1, H, W] of one class map [H, W]: its present classes (without
    /// `ignoreIndex`), half of them chosen with `rng`, their pixels.
    public static func mask(classMap: Tensor, ignoreIndex: Int = 255, rng: inout RandomGenerator) -> Tensor {
        let chosen = chooseClasses(from: presentClasses(in: classMap, ignoreIndex: ignoreIndex), rng: &rng)
        return mask(classMap: classMap, classes: chosen)
    }

    /// The ClassMix masks [N, 1, H, W] of a batch of class maps [N, H, W], image by image
    /// in order from `rng` (mask i from class map i, as the reference).
    public static func masks(classMaps: Tensor, ignoreIndex: Int = 255, rng: inout RandomGenerator) -> Tensor {
        precondition(classMaps.rank == 3, "ClassMix.masks: class maps must be [N, H, W], got \(classMaps.shape)")
        let n = classMaps.shape[0], plane = classMaps.shape[1] * classMaps.shape[2]
        let out = Tensor(uninitializedShape: [n, 1, classMaps.shape[1], classMaps.shape[2]])
        for image in 0..<n {
            let src = classMaps.data + image * plane
            let table = occurrenceTable(src, count: plane)
            let present = table.indices.filter { table[$0] && $0 != ignoreIndex }
            let chosen = chooseClasses(from: present, rng: &rng)
            fill(out.data + image * plane, from: src, count: plane, classes: chosen)
        }
        return out
    }

    /// The largest of `count` class ids, each checked to be a non-negative integer.
    private static func largestClass(_ values: UnsafePointer<Float>, count: Int) -> Int {
        var largest: Float = 0
        for i in 0..<count {
            let v = values[i]
            precondition(v >= 0 && v == v.rounded() && v < 16_777_216,
                         "ClassMix: class id \(v) at index \(i) is not a non-negative integer")
            largest = Swift.max(largest, v)
        }
        return Int(largest)
    }

    /// occurs[c] is true when class id c appears among the `count` values.
    private static func occurrenceTable(_ values: UnsafePointer<Float>, count: Int) -> [Bool] {
        var occurs = [Bool](repeating: false, count: largestClass(values, count: count) + 1)
        occurs.withUnsafeMutableBufferPointer { table in
            for i in 0..<count { table[Int(values[i])] = true }
        }
        return occurs
    }

    /// out[i] = 1 where values[i] is one of `classes`, else 0.
    private static func fill(_ out: UnsafeMutablePointer<Float>, from values: UnsafePointer<Float>, count: Int,
                             classes: [Int]) {
        var chosen = [Bool](repeating: false, count: largestClass(values, count: count) + 1)
        for c in classes where c >= 0 && c < chosen.count { chosen[c] = true }
        chosen.withUnsafeBufferPointer { table in
            for i in 0..<count { out[i] = table[Int(values[i])] ? 1 : 0 }
        }
    }
}
