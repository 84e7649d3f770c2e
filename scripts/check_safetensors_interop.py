#!/usr/bin/env python3
"""Cross-checks SafeTensors.swift against the reference safetensors/PyTorch code.

Needs `torch` and `safetensors` (pip install safetensors); the Swift test suite does
not. Steps, all in a temporary directory:
  1. writes from_torch.safetensors with safetensors.torch (F32, F16, BF16, F64, I64,
     a scalar and an empty tensor, plus metadata);
  2. runs SafeTensorsTests/testInteropWithPyTorch with THREEWAYS_SAFETENSORS_INTEROP
     set to that directory: the Swift test checks every value it reads and writes
     from_swift.safetensors;
  3. loads from_swift.safetensors with safetensors and checks every value.
The tensors on both sides are simple formulas so each side knows what to expect.

Usage: python3 scripts/check_safetensors_interop.py [--scratch-path .build]
"""
import argparse
import os
import subprocess
import sys
import tempfile

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file


def torch_tensors():
    return {
        "encoder.conv1.weight": torch.arange(54, dtype=torch.float32).reshape(2, 3, 3, 3) / 7 - 1,
        "half": torch.tensor([1, -2, 0.5, 65504, 2.0 ** -24], dtype=torch.float16),
        "bfloat": torch.tensor([1, -3, 3.140625], dtype=torch.bfloat16),
        "double": torch.tensor([[1.5, -3.25], [0.1, 1e-3]], dtype=torch.float64),
        "long": torch.tensor([-5, 7, 2 ** 40], dtype=torch.int64),
        "scalar": torch.tensor(3.5),
        "empty": torch.zeros(0),
    }


def swift_expected():
    return {
        "decoder.weight": torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) / 3,
        "scalar": torch.tensor(2.5),
        "empty": torch.zeros(0, 5),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scratch-path", default=".build", help="SwiftPM build folder")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    with tempfile.TemporaryDirectory() as directory:
        save_file(torch_tensors(), os.path.join(directory, "from_torch.safetensors"),
                  metadata={"source": "torch"})
        print(f"wrote {directory}/from_torch.safetensors")

        command = ["swift", "test", "--scratch-path", args.scratch_path,
                   "--filter", "SafeTensorsTests/testInteropWithPyTorch"]
        env = dict(os.environ, THREEWAYS_SAFETENSORS_INTEROP=directory)
        result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        summary = [line for line in result.stdout.splitlines() if "Executed" in line or "error" in line]
        print("\n".join(summary))
        if result.returncode != 0:
            print(result.stdout[-4000:], result.stderr[-4000:], sep="\n")
            sys.exit("Swift failed to read the PyTorch file")

        path = os.path.join(directory, "from_swift.safetensors")
        loaded = load_file(path)
        with safe_open(path, framework="pt") as f:
            metadata = f.metadata()
        assert metadata == {"source": "swift"}, metadata
        expected = swift_expected()
        assert set(loaded) == set(expected), sorted(loaded)
        for name, value in expected.items():
            got = loaded[name]
            assert got.dtype == torch.float32 and got.shape == value.shape, (name, got.dtype, got.shape)
            assert torch.equal(got, value), (name, got, value)
            print(f"{name}: {tuple(got.shape)} {got.flatten()[:6].tolist()}")
    print("OK: PyTorch and SafeTensors.swift read each other's files bit-exactly")


if __name__ == "__main__":
    main()
