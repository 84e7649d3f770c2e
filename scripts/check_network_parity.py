#!/usr/bin/env python3
"""Forward-pass parity of our networks with the reference's PyTorch modules.

Builds the reference networks (scripts/reference_networks.py: the reference's own
model files on a torchvision stand-in), randomises their weights and batch-norm
statistics, and writes, in a temporary directory, one safetensors file per case with
the weights under our state names, the input images and the reference outputs (all in
evaluation mode). It then runs NetworksTests' ReferenceParityTests with
THREEWAYS_NETWORK_PARITY set to that directory; the Swift test loads each file into the
matching network and compares the outputs.

Cases: depth network (ResNet-50 dilated + dec9 with batch norm), segmentation network
(ResNet-18 + dec6 + experiment 210's head; torchvision's BasicBlock cannot be dilated,
so this ResNet-18 is not), experiment 211's head on the ResNet-50 features, pose
network (ResNet-18 on two frames + pose decoder).

Usage: python3 scripts/check_network_parity.py [--scratch-path .build]
"""
import argparse
import os
import subprocess
import sys
import tempfile

import torch
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_networks as ref  # noqa: E402


def randomise(module, generator):
    with torch.no_grad():
        for name, t in module.state_dict().items():
            if name.endswith("running_mean"):
                t.copy_(torch.randn(t.shape, generator=generator) * 0.1)
            elif name.endswith("running_var"):
                t.copy_(torch.rand(t.shape, generator=generator) + 0.5)
            elif name.endswith("num_batches_tracked"):
                t.fill_(3)
            elif t.dim() == 1:
                t.copy_(torch.randn(t.shape, generator=generator) * 0.1 + (1 if name.endswith("weight") else 0))
    module.eval()


def prefixed(module, prefix):
    return {prefix + "." + k: v.float().contiguous() for k, v in module.state_dict().items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scratch-path", default=".build")
    args = parser.parse_args()
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1)
    ns = ref.build()
    out_dir = tempfile.mkdtemp(prefix="network_parity_")
    images = torch.rand(2, 3, 32, 64, generator=g)
    other = torch.rand(2, 3, 32, 64, generator=g)

    with torch.no_grad():
        r50 = ref.encoder(ns, 50)
        dec9 = ns["DepthDecoder"](r50.num_ch_enc, range(4), **ref.DEC9)
        seg211 = ns["JointSegDepthDecoder"](r50.num_ch_enc, ref.DEC9["num_ch_dec"], 19, **ref.SEG211,
                                            depth_args=ref.DEC9)
        for m in (r50, dec9, seg211):
            randomise(m, g)
        features = r50(images)
        disp = dec9(features)
        tensors = {**prefixed(r50, "encoder"), **prefixed(dec9, "depth"), "input.images": images}
        for s in range(4):
            tensors[f"expected.disp{s}"] = disp[("disp", s)].contiguous()
        save_file(tensors, os.path.join(out_dir, "depth_r50_dec9.safetensors"))
        save_file({**prefixed(r50, "encoder"), **prefixed(seg211, "segmentation"), "input.images": images,
                   "expected.logits": seg211(features).contiguous()},
                  os.path.join(out_dir, "segmentation_r50_dec9_211.safetensors"))

        r18 = ref.encoder(ns, 18, dilate=False)
        seg210 = ns["JointSegDepthDecoder"](r18.num_ch_enc, ref.DEC6["num_ch_dec"], 19, **ref.SEG210,
                                            depth_args=ref.DEC6)
        for m in (r18, seg210):
            randomise(m, g)
        save_file({**prefixed(r18, "encoder"), **prefixed(seg210, "segmentation"), "input.images": images,
                   "expected.logits": seg210(r18(images)).contiguous()},
                  os.path.join(out_dir, "segmentation_r18_dec6_210.safetensors"))

        pose_encoder = ref.encoder(ns, 18, dilate=False, images=2)
        pose = ns["PoseDecoder"](pose_encoder.num_ch_enc, num_input_features=1, num_frames_to_predict_for=2)
        for m in (pose_encoder, pose):
            randomise(m, g)
        axisangle, translation = pose([pose_encoder(torch.cat([images, other], 1))])
        save_file({**prefixed(pose_encoder, "pose_encoder"), **prefixed(pose, "pose"), "input.images": images,
                   "input.other": other, "expected.axisangle": axisangle.contiguous(),
                   "expected.translation": translation.contiguous()},
                  os.path.join(out_dir, "pose_r18.safetensors"))

    env = dict(os.environ, THREEWAYS_NETWORK_PARITY=out_dir)
    cmd = ["swift", "test", "-c", "release", "--scratch-path", args.scratch_path,
           "--filter", "NetworksTests.ReferenceParityTests"]
    print("running", " ".join(cmd), "with THREEWAYS_NETWORK_PARITY =", out_dir)
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    print(result.stdout[-3000:], result.stderr[-3000:])
    if result.returncode != 0 or "Executed 0 tests" in result.stdout:
        sys.exit("parity check FAILED")
    print("parity check passed")


if __name__ == "__main__":
    main()
