#!/usr/bin/env python3
"""Forward-pass parity of our networks with the reference's PyTorch modules.

Builds the reference networks (scripts/reference_networks.py: the reference's own
model files on a torchvision stand-in), fills every state-dict tensor from the weight
formula below (`formula_values`; Tests/NetworksTests/FormulaWeights.swift computes the
same bits), runs them in evaluation mode and writes one safetensors file per case with
the input images ("input.*") and the reference outputs ("expected.*"). No weights are
stored: NetworksTests' ReferenceParityTests fills our networks from the same formula
and compares its outputs with the file's.

Cases: depth network (ResNet-50 dilated + dec9 with batch norm), the paper's depth
network (ResNet-101 dilated + dec6), experiment 211's segmentation head on ResNet-50,
segmentation network (ResNet-18 + dec6 + experiment 210's head; torchvision's
BasicBlock cannot be dilated, so this ResNet-18 is not), pose network (ResNet-18 on two
frames + pose decoder), experiment 212's multi-task PAD network (ResNet-18 + dec6 + PAD
with distillation layer 7, side output, final layer 9).

Usage:
  python3 scripts/check_network_parity.py --write-fixture
      rewrites the committed cases, Tests/NetworksTests/Fixtures/*.safetensors (input
      seed 0), which `swift test` compares against
  python3 scripts/check_network_parity.py [--seed N] [--scratch-path .build]
      writes the cases for fresh input images (a random seed unless given) into a
      temporary folder and runs ReferenceParityTests on them (THREEWAYS_NETWORK_PARITY
      points the test at that folder)
"""
import argparse
import contextlib
import io
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
import torch
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_networks as ref  # noqa: E402

FIXTURE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "NetworksTests", "Fixtures")
FIXTURE_SEED = 0

# ---------------------------------------------------------------------------------
# The weight formula: the contract with Tests/NetworksTests/FormulaWeights.swift.
# Change both together, bump the version on both sides and rewrite the fixture.
# ---------------------------------------------------------------------------------
FORMULA_VERSION = "1"


def formula_name_hash(name):
    """32-bit FNV-1a of the tensor's full state name in UTF-8."""
    h = 0x811C9DC5
    for byte in name.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def formula_uniform(name, count):
    """Elements 0..<count of the tensor `name` as float32 values in [-1, 1).

    In uint32 arithmetic (wrapping, like `& 0xFFFFFFFF`): x = hash(name) ^ (i * 0x9E3779B9),
    then the lowbias32 mixer (x ^= x >> 16; x *= 0x7FEB352D; x ^= x >> 15;
    x *= 0x846CA68B; x ^= x >> 16), then u = (x >> 8) * 2^-23 - 1, which float32 holds
    exactly.
    """
    x = np.arange(count, dtype=np.uint32) * np.uint32(0x9E3779B9)
    x ^= np.uint32(formula_name_hash(name))
    x ^= x >> np.uint32(16)
    x *= np.uint32(0x7FEB352D)
    x ^= x >> np.uint32(15)
    x *= np.uint32(0x846CA68B)
    x ^= x >> np.uint32(16)
    return (x >> np.uint32(8)).astype(np.float32) * np.float32(2.0 ** -23) - np.float32(1)


def formula_values(name, shape):
    """The value of every element of the state tensor `name` (full dotted name, e.g.
    "encoder.encoder.conv1.weight") with `shape`, as a float32 array; None for
    "num_batches_tracked", which evaluation ignores (both sides keep their own).

    With u = formula_uniform(name, count), all in float32:
      rank >= 2 (conv / linear weights): u * (1.75 / sqrt(fan_in)), fan_in = count / shape[0]
        (uniform with std ~1/sqrt(fan_in): activations stay O(1) through ResNet-101)
      running_mean: u / 8;  running_var: 3/4 + |u| / 4
      other rank-1 "weight" (batch-norm scale): 1 + u / 8;  "bias": u / 8
    Each step is one correctly rounded float32 operation, or exact (the power-of-two
    products), so fused multiply-adds cannot change a bit either.
    """
    if name.endswith("num_batches_tracked"):
        return None
    count = int(np.prod(shape, dtype=np.int64))
    u = formula_uniform(name, count)
    if len(shape) >= 2:
        scale = np.float32(1.75) / np.sqrt(np.float32(count // shape[0]))
        values = u * scale
    elif name.endswith("running_mean"):
        values = u * np.float32(0.125)
    elif name.endswith("running_var"):
        values = np.float32(0.75) + np.abs(u) * np.float32(0.25)
    elif name.endswith("weight"):
        values = np.float32(1) + u * np.float32(0.125)
    elif name.endswith("bias"):
        values = u * np.float32(0.125)
    else:
        raise ValueError(f"the weight formula has no rule for {name} {list(shape)}")
    assert values.dtype == np.float32
    return values.reshape(shape)


def fill_from_formula(module, prefix):
    """Overwrites `module`'s state (named `prefix` + "." + its own names, as in our
    networks' state dicts) with the formula's values and puts it in evaluation mode."""
    with torch.no_grad():
        for name, tensor in module.state_dict().items():
            values = formula_values(prefix + "." + name, list(tensor.shape))
            if values is not None:
                tensor.copy_(torch.from_numpy(values))
    module.eval()
    return module


# ---------------------------------------------------------------------------------
# The cases.
# ---------------------------------------------------------------------------------

def quietly(function, *args):
    """Calls the reference's forward, which prints shapes as it goes, with stdout muted."""
    with contextlib.redirect_stdout(io.StringIO()):
        return function(*args)


def depth_case(ns, depth, decoder_args, images):
    encoder = fill_from_formula(ref.encoder(ns, depth), "encoder")
    decoder = fill_from_formula(ns["DepthDecoder"](encoder.num_ch_enc, range(4), **decoder_args), "depth")
    disparities = quietly(decoder, quietly(encoder, images))
    return {"input.images": images, **{f"expected.disp{s}": disparities[("disp", s)] for s in range(4)}}


def segmentation_case(ns, encoder, depth_args, head_args, images):
    fill_from_formula(encoder, "encoder")
    head = fill_from_formula(ns["JointSegDepthDecoder"](encoder.num_ch_enc, depth_args["num_ch_dec"], 19,
                                                        **head_args, depth_args=depth_args), "segmentation")
    return {"input.images": images, "expected.logits": quietly(head, quietly(encoder, images))}


def pad_case(ns, encoder, depth_args, images):
    """Experiment 212's multi-task network: disparities at 4 scales, final and side-output logits."""
    fill_from_formula(encoder, "encoder")
    pad = fill_from_formula(ns["PAD"](encoder.num_ch_enc, depth_args["num_ch_dec"], 19, **ref.PAD212,
                                      depth_args=depth_args), "mtl_decoder")
    out = quietly(pad, quietly(encoder, images))
    return {"input.images": images, "expected.semantics": out["semantics"],
            "expected.intermediate_semantics": out["intermediate_semantics"],
            **{f"expected.disp{s}": out[("disp", s)] for s in range(4)}}


def pose_case(ns, images, other):
    encoder = fill_from_formula(ref.encoder(ns, 18, dilate=False, images=2), "pose_encoder")
    decoder = fill_from_formula(ns["PoseDecoder"](encoder.num_ch_enc, num_input_features=1,
                                                  num_frames_to_predict_for=2), "pose")
    axisangle, translation = quietly(decoder, [quietly(encoder, torch.cat([images, other], 1))])
    return {"input.images": images, "input.other": other,
            "expected.axisangle": axisangle, "expected.translation": translation}


def cases(ns, seed):
    """Case file name -> tensors, for input images drawn with `seed`: 32x64 pixels, two
    per batch for the depth and pose cases, one for the segmentation cases (their 19
    logit maps are most of the fixture's size)."""
    generator = torch.Generator().manual_seed(seed)
    pair = torch.rand(2, 3, 32, 64, generator=generator)
    other = torch.rand(2, 3, 32, 64, generator=generator)
    single = pair[:1].clone()
    with torch.no_grad():
        return {
            "depth_r50_dec9.safetensors": depth_case(ns, 50, ref.DEC9, pair),
            "depth_r101_dec6.safetensors": depth_case(ns, 101, ref.DEC6, pair),
            "segmentation_r50_dec9_211.safetensors": segmentation_case(
                ns, ref.encoder(ns, 50), ref.DEC9, ref.SEG211, single),
            "segmentation_r18_dec6_210.safetensors": segmentation_case(
                ns, ref.encoder(ns, 18, dilate=False), ref.DEC6, ref.SEG210, single),
            "pose_r18.safetensors": pose_case(ns, pair, other),
            "mtl_pad_r18_dec6_212.safetensors": pad_case(ns, ref.encoder(ns, 18, dilate=False), ref.DEC6, single),
        }


def write_cases(out_dir, seed):
    """Writes every case into `out_dir` after checking that each expected output is
    finite and spread out (std > 1e-3: a constant output would prove nothing)."""
    os.makedirs(out_dir, exist_ok=True)
    # One metadata key: safetensors writes several in no fixed order, and the fixture
    # should come out byte for byte the same each time it is rewritten.
    metadata = {"weights": "formula v" + FORMULA_VERSION}
    for file_name, tensors in cases(ref.build(), seed).items():
        for key, tensor in tensors.items():
            if key.startswith("expected."):
                std = tensor.std().item()
                assert torch.isfinite(tensor).all(), f"{file_name} {key}: not finite"
                assert std > 1e-3, f"{file_name} {key}: degenerate output (std {std:.3g})"
                print(f"{file_name} {key} {list(tensor.shape)}: std {std:.4g}, "
                      f"range [{tensor.min().item():.4g}, {tensor.max().item():.4g}]")
        path = os.path.join(out_dir, file_name)
        save_file({k: v.float().contiguous() for k, v in tensors.items()}, path, metadata=metadata)
        print(f"wrote {os.path.normpath(path)} ({os.path.getsize(path):,} bytes)")


def run_swift_tests(case_dir, scratch_path):
    env = dict(os.environ, THREEWAYS_NETWORK_PARITY=case_dir)
    cmd = ["swift", "test", "-c", "release", "--scratch-path", scratch_path,
           "--filter", "NetworksTests.ReferenceParityTests"]
    print("running", " ".join(cmd), "with THREEWAYS_NETWORK_PARITY =", case_dir)
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    print(result.stdout[-3000:], result.stderr[-3000:])
    if result.returncode != 0 or "Executed 0 tests" in result.stdout:
        sys.exit("parity check FAILED")
    print("parity check passed")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write-fixture", action="store_true",
                        help="rewrite Tests/NetworksTests/Fixtures (input seed 0) instead of checking fresh inputs")
    parser.add_argument("--seed", type=int, help="input-image seed of the fresh check (default: random)")
    parser.add_argument("--scratch-path", default=".build")
    args = parser.parse_args()
    if args.write_fixture:
        write_cases(FIXTURE_DIR, FIXTURE_SEED)
        return
    seed = args.seed if args.seed is not None else random.randrange(1, 2 ** 31)
    print("input seed", seed)
    with tempfile.TemporaryDirectory(prefix="network_parity_") as case_dir:
        write_cases(case_dir, seed)
        run_swift_tests(case_dir, args.scratch_path)


if __name__ == "__main__":
    main()
