#!/usr/bin/env python3
"""PyTorch twin of `threeways-bench ops`: the same shapes, the same thread count.

threeways-bench writes the benchmark list as JSON (--spec) and calls this script, so
the ratio to PyTorch comes from one run on one machine state. Prints nothing on
success; writes {name: median seconds of forward + backward} to --json.

Run by hand:  python3 benchmarks/torch_ops.py --spec spec.json --threads 2 --json out.json
"""
import argparse
import json
import statistics
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    sys.exit("torch is not installed (pip install torch)")

from torch_step import ssim  # the monodepth loss's SSIM, written once for both twins


def median_seconds(fn, repeats):
    fn()
    fn()
    samples = []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def conv_case(spec):
    x = torch.randn(spec["n"], spec["cin"], spec["h"], spec["w"], requires_grad=spec["input_grad"])
    w = (0.05 * torch.randn(spec["cout"], spec["cin"], spec["k"], spec["k"])).requires_grad_()

    def step():
        y = F.conv2d(x, w, stride=spec["stride"], padding=spec["pad"], dilation=spec["dil"])
        y.backward(seed(y))
        x.grad = None
        w.grad = None
    return step


_seeds = {}


def seed(y):
    key = tuple(y.shape)
    if key not in _seeds:
        _seeds[key] = torch.randn(*key)
    return _seeds[key]


OPS = {
    "add.bias_broadcast": lambda t, s: t[0] + t[1],
    "mul": lambda t, s: t[0] * t[1],
    "relu": lambda t, s: F.relu(t[0]),
    "elu": lambda t, s: F.elu(t[0]),
    "sigmoid": lambda t, s: torch.sigmoid(t[0]),
    "exp": lambda t, s: torch.exp(t[0]),
    "abs.mean": lambda t, s: t[0].abs().mean(dim=1, keepdim=True),
    "concat.channels": lambda t, s: torch.cat(t, dim=1),
    "resize.bilinear_x2": lambda t, s: F.interpolate(t[0], scale_factor=2, mode="bilinear", align_corners=False),
    "resize.nearest_x2": lambda t, s: F.interpolate(t[0], scale_factor=2, mode="nearest"),
    "avgpool.3x3s1": lambda t, s: F.avg_pool2d(t[0], 3, 1),
    "maxpool.3x3s2": lambda t, s: F.max_pool2d(t[0], 3, 2, 1),
    "reflection_pad.1": lambda t, s: F.pad(t[0], (1, 1, 1, 1), mode="reflect"),
    "grid_sample": lambda t, s: F.grid_sample(t[0], t[1], mode="bilinear", padding_mode="border", align_corners=True),
    "softmax.channels": lambda t, s: torch.softmax(t[0], dim=1),
    "ssim.fused": lambda t, s: ssim(t[0], t[1]),
}


def op_case(spec):
    name = spec["name"]
    if name not in OPS:
        return None
    tensors = []
    for shape in spec["shapes"]:
        lo, hi = (0.5, 2.0) if spec.get("positive") else (-1.0, 1.0)
        tensors.append((lo + (hi - lo) * torch.rand(*shape)).requires_grad_())
    fn = OPS[name]

    def step():
        y = fn(tensors, spec)
        y.backward(seed(y))
        for t in tensors:
            t.grad = None
    return step


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    with open(args.spec) as f:
        specs = json.load(f)
    results = {}
    for spec in specs:
        step = conv_case(spec) if spec["kind"] == "conv" else op_case(spec)
        if step is not None:
            results[spec["name"]] = median_seconds(step, args.repeats)
    with open(args.json, "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
