/// Element-wise (inverted) dropout, as torch.nn.functional.dropout.
extension Tensor {
    /// In training, zeroes each element independently with probability `p` and scales the
    /// kept ones by 1 / (1 - p), so the expected value is unchanged; `p == 1` zeroes
    /// everything. Out of training, or with `p == 0`, returns `self` unchanged and draws
    /// nothing. Same shape as `self`.
    ///
    /// Element i is kept when the i-th draw of `rng.nextUniform()` (row-major order) is
    /// >= p, so the mask is a function of the generator's state only. Equivalent to
    /// `F.dropout(x, p, training)` (with a different random stream).
    public func dropout(p: Float, training: Bool, rng: inout RandomGenerator) -> Tensor {
        precondition(p >= 0 && p <= 1, "dropout: probability \(p) outside [0, 1]")
        guard training && p > 0 else { return self }
        let keepScale: Float = p < 1 ? 1 / (1 - p) : 0
        // The mask holds 0 or 1/(1-p) per element; forward and backward multiply by it.
        let mask = Tensor(uninitializedShape: shape)
        let mp = mask.data
        for i in 0..<count { mp[i] = rng.nextUniform() >= p ? keepScale : 0 }
        let out = Tensor(uninitializedShape: shape)
        Kernels.multiply(data, mp, out.data, count: count)
        return Tensor.record("dropout", output: out, inputs: [self]) { g in
            let gx = Tensor(uninitializedShape: self.shape)
            Kernels.multiply(g.data, mask.data, gx.data, count: self.count)
            self.accumulateGrad(gx, fresh: true)
        }
    }
}
