#!/usr/bin/env python3
"""PyTorch twin of `threeways-bench step`: the same networks, loss, batch and threads.

threeways-bench writes the network sizes as JSON (--spec) and calls this script, so
the ratio to PyTorch comes from one run on one machine state. The networks follow the
paper's topology (ResNet encoder with a dilated last stage, depth decoder with an
intermediate ASPP, pose encoder on two stacked frames with its decoder, the
segmentation decoder that reads the depth decoder's last layer) at the sizes in the
spec; the depth step is one self-supervised monodepth step (frames -1, 0, +1, four
scales, SSIM + L1, per-pixel minimum, automasking, edge-aware smoothness, Adam), the
segmentation step one supervised cross-entropy step (SGD with momentum and weight
decay, gradient clipping).

Writes {"depth_step": s, "segmentation_step": s, "peak_rss_bytes": n} (median seconds
of a whole step: forward, backward, optimiser) to --json.

Run by hand:  python3 benchmarks/torch_step.py --spec spec.json --threads 2 --json out.json
Spec keys: batch, height, width, classes, repeats, encoder {block, layers, widths,
dilate_last}, pose_encoder {same}, decoder {channels, batch_norm, aspp_rates},
pose_channels, pose_frames, segmentation {layers, projection_channels, head_inter}.
"""
import argparse
import json
import resource
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    sys.exit("torch is not installed (pip install torch)")


# Networks -----------------------------------------------------------------------------

class Basic(nn.Module):
    expansion = 1

    def __init__(self, cin, width, stride, dilation, down):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, width, 3, stride, dilation, dilation, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        # As our ResNet (mmcv's convention; torchvision refuses dilated basic blocks):
        # only the first 3x3 convolution is dilated.
        self.conv2 = nn.Conv2d(width, width, 3, 1, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.down = down

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (self.down(x) if self.down is not None else x))


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin, width, stride, dilation, down):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride, dilation, dilation, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, width * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(width * 4)
        self.down = down

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return F.relu(y + (self.down(x) if self.down is not None else x))


class Encoder(nn.Module):
    """ResNet returning the stem output and the four stages; stage 4 dilated, not strided."""

    def __init__(self, spec, input_images=1):
        super().__init__()
        block = Bottleneck if spec["block"] == "bottleneck" else Basic
        widths = spec["widths"]  # stem, stage 1..4 base widths
        self.conv1 = nn.Conv2d(3 * input_images, widths[0], 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        cin, dilation, stages = widths[0], 1, []
        for i, (count, width) in enumerate(zip(spec["layers"], widths[1:])):
            stride = 1 if i == 0 else 2
            if i == 3 and spec.get("dilate_last", True):
                dilation, stride = 2, 1
            blocks = []
            for b in range(count):
                s = stride if b == 0 else 1
                d = (1 if (i == 3 and b == 0) else dilation) if i == 3 else 1
                down = None
                if b == 0 and (s != 1 or cin != width * block.expansion):
                    down = nn.Sequential(nn.Conv2d(cin, width * block.expansion, 1, s, bias=False),
                                         nn.BatchNorm2d(width * block.expansion))
                blocks.append(block(cin, width, s, d, down))
                cin = width * block.expansion
            stages.append(nn.Sequential(*blocks))
        self.stages = nn.ModuleList(stages)
        self.channels = [widths[0]] + [w * block.expansion for w in widths[1:]]
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        x = (x - 0.45) / 0.225
        feats = [F.relu(self.bn1(self.conv1(x)))]
        x = F.max_pool2d(feats[0], 3, 2, 1)
        for stage in self.stages:
            x = stage(x)
            feats.append(x)
        return feats


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, bn):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3)
        self.bn = nn.BatchNorm2d(cout) if bn else None

    def forward(self, x):
        y = self.conv(F.pad(x, (1, 1, 1, 1), mode="reflect"))
        return F.elu(self.bn(y) if self.bn is not None else y)


class ASPP(nn.Module):
    def __init__(self, cin, cout, rates):
        super().__init__()
        def branch(k, r):
            return nn.Sequential(nn.Conv2d(cin, cout, k, padding=0 if k == 1 else r, dilation=r, bias=False),
                                 nn.BatchNorm2d(cout), nn.ReLU())
        self.branches = nn.ModuleList([branch(1, 1)] + [branch(3, r) for r in rates])
        self.pool = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())
        self.project = nn.Sequential(nn.Conv2d((len(rates) + 2) * cout, cout, 1, bias=False),
                                     nn.BatchNorm2d(cout), nn.ReLU(), nn.Dropout(0.5))

    def forward(self, x):
        outs = [b(x) for b in self.branches]
        pooled = self.pool(F.adaptive_avg_pool2d(x, 1))
        outs.append(F.interpolate(pooled, size=x.shape[-2:], mode="bilinear", align_corners=False))
        return self.project(torch.cat(outs, 1))


class DepthDecoder(nn.Module):
    def __init__(self, enc_ch, spec, disparities=True):
        super().__init__()
        dec = spec["channels"]
        self.up0 = nn.ModuleList()
        self.up1 = nn.ModuleList()
        for i in range(4, -1, -1):
            cin = enc_ch[-1] if i == 4 else dec[i + 1]
            self.up0.append(ASPP(cin, dec[i], spec["aspp_rates"]) if i == 4 else ConvBlock(cin, dec[i], spec["batch_norm"]))
            self.up1.append(ConvBlock(dec[i] + (enc_ch[i - 1] if i > 0 else 0), dec[i], spec["batch_norm"]))
        self.disp = nn.ModuleList([nn.Conv2d(dec[s], 1, 3) for s in range(4)]) if disparities else None

    def forward(self, feats):
        x, outs, disps = feats[-1], {}, {}
        for k, i in enumerate(range(4, -1, -1)):
            x = self.up0[k](x)
            if i == 0 or x.shape[-1] < feats[i - 1].shape[-1]:
                x = F.interpolate(x, scale_factor=2, mode="nearest")
            if i > 0:
                x = torch.cat([x, feats[i - 1]], 1)
            x = self.up1[k](x)
            outs[i] = x
            if self.disp is not None and i < 4:
                disps[i] = torch.sigmoid(self.disp[i](F.pad(x, (1, 1, 1, 1), mode="reflect")))
        return outs, disps


class PoseDecoder(nn.Module):
    def __init__(self, cin, channels, frames=1):
        super().__init__()
        self.squeeze = nn.Conv2d(cin, channels, 1)
        self.pose0 = nn.Conv2d(channels, channels, 3, 1, 1)
        self.pose1 = nn.Conv2d(channels, channels, 3, 1, 1)
        self.pose2 = nn.Conv2d(channels, 6 * frames, 1)
        self.frames = frames

    def forward(self, feats):
        x = F.relu(self.squeeze(feats[-1]))
        x = F.relu(self.pose0(x))
        x = F.relu(self.pose1(x))
        x = 0.01 * self.pose2(x).mean(3).mean(2).view(-1, self.frames, 1, 6)
        return x[:, 0, :, :3], x[:, 0, :, 3:]


class SegmentationDecoder(nn.Module):
    def __init__(self, enc_ch, dec_spec, seg_spec, classes):
        super().__init__()
        # Ours builds no disparity heads for segmentation: neither does the twin.
        self.dec = DepthDecoder(enc_ch, dec_spec, disparities=False)
        proj = seg_spec["projection_channels"]
        self.layers = seg_spec["layers"]
        dec = dec_spec["channels"]
        self.project = nn.ModuleList([nn.Conv2d(enc_ch[l] if l <= 4 else dec[9 - l], proj, 1, bias=False)
                                      for l in self.layers])
        head = [nn.Conv2d(proj * len(self.layers), proj, 3, padding=1, bias=False), nn.BatchNorm2d(proj),
                nn.ReLU(), nn.Dropout(0.1)] if seg_spec["head_inter"] else []
        self.head = nn.Sequential(*head, nn.Conv2d(proj if head else proj * len(self.layers), classes, 1))

    def forward(self, feats):
        outs, _ = self.dec(feats)
        size = outs[0].shape[-2:]
        def layer(l):
            return feats[l] if l <= 4 else outs[9 - l]
        stacked = torch.cat([F.interpolate(p(layer(l)), size=size, mode="bilinear", align_corners=False)
                             for p, l in zip(self.project, self.layers)], 1)
        return self.head(stacked)


# Self-supervised depth loss -------------------------------------------------------------

def rotation(axisangle):
    angle = torch.norm(axisangle, 2, 2, True)
    axis = axisangle / (angle + 1e-7)
    ca, sa = torch.cos(angle), torch.sin(angle)
    c = 1 - ca
    x, y, z = axis[..., 0:1], axis[..., 1:2], axis[..., 2:3]
    rows = [[ca + x * x * c, x * y * c - z * sa, z * x * c + y * sa],
            [x * y * c + z * sa, ca + y * y * c, y * z * c - x * sa],
            [z * x * c - y * sa, y * z * c + x * sa, ca + z * z * c]]
    r = torch.stack([torch.cat(row, -1) for row in rows], -2).squeeze(1)
    return r


def transform(axisangle, translation, invert):
    r = rotation(axisangle)
    t = translation.view(-1, 3, 1)
    if invert:
        r = r.transpose(1, 2)
        t = -torch.bmm(r, t)
    top = torch.cat([r, t], 2)
    bottom = torch.tensor([0, 0, 0, 1.0]).view(1, 1, 4).expand(r.shape[0], 1, 4)
    return torch.cat([top, bottom], 1)


def ssim(x, y):
    x, y = F.pad(x, (1, 1, 1, 1), mode="reflect"), F.pad(y, (1, 1, 1, 1), mode="reflect")
    mx, my = F.avg_pool2d(x, 3, 1), F.avg_pool2d(y, 3, 1)
    sx = F.avg_pool2d(x * x, 3, 1) - mx * mx
    sy = F.avg_pool2d(y * y, 3, 1) - my * my
    sxy = F.avg_pool2d(x * y, 3, 1) - mx * my
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    n = (2 * mx * my + c1) * (2 * sxy + c2)
    d = (mx * mx + my * my + c1) * (sx + sy + c2)
    return torch.clamp((1 - n / d) / 2, 0, 1)


def photometric(pred, target):
    return 0.85 * ssim(pred, target).mean(1, True) + 0.15 * (pred - target).abs().mean(1, True)


def smoothness(disp, img):
    gx = (disp[:, :, :, :-1] - disp[:, :, :, 1:]).abs()
    gy = (disp[:, :, :-1, :] - disp[:, :, 1:, :]).abs()
    ix = (img[:, :, :, :-1] - img[:, :, :, 1:]).abs().mean(1, True)
    iy = (img[:, :, :-1, :] - img[:, :, 1:, :]).abs().mean(1, True)
    return (gx * torch.exp(-ix)).mean() + (gy * torch.exp(-iy)).mean()


def monodepth_loss(colors, disps, poses, k, inv_k):
    """As ours (Sources/SelfSupervisedDepth/MonodepthLoss.swift): the identity errors of
    automasking are computed once for all scales (they depend on neither depth nor pose),
    scale 0's disparity is used as it is (no identity resize), fresh noise per scale."""
    n, _, h, w = colors[0].shape
    ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    pix = torch.stack([xs.flatten(), ys.flatten(), torch.ones(h * w)], 0).unsqueeze(0).expand(n, 3, h * w)
    rays = torch.bmm(inv_k[:, :3, :3], pix)
    identity = torch.cat([photometric(colors[f], colors[0]) for f in (-1, 1)], 1)
    total = 0
    for s in range(4):
        disp = disps[s] if s == 0 else F.interpolate(disps[s], size=(h, w), mode="bilinear", align_corners=False)
        depth = 1 / (1 / 100 + (1 / 0.1 - 1 / 100) * disp)
        points = torch.cat([rays * depth.view(n, 1, -1), torch.ones(n, 1, h * w)], 1)
        errors = [identity + 1e-5 * torch.randn(n, 2, h, w)]
        for f in (-1, 1):
            cam = torch.bmm(torch.bmm(k, poses[f])[:, :3, :], points)
            uv = cam[:, :2] / (cam[:, 2:3] + 1e-7)
            grid = uv.view(n, 2, h, w).permute(0, 2, 3, 1)
            grid = torch.stack([grid[..., 0] / (w - 1), grid[..., 1] / (h - 1)], -1) * 2 - 1
            warped = F.grid_sample(colors[f], grid, padding_mode="border", align_corners=True)
            errors.append(photometric(warped, colors[0]))
        reprojection = torch.cat(errors, 1).min(1)[0].mean()
        small = F.interpolate(colors[0], size=disps[s].shape[-2:], mode="bilinear", align_corners=False)
        normalised = disps[s] / (disps[s].mean((2, 3), True) + 1e-7)
        total = total + reprojection + 1e-3 / (2 ** s) * smoothness(normalised, small)
    return total / 4


# Steps ----------------------------------------------------------------------------------

def peak_resident_bytes():
    """VmHWM: the high-water mark of this process's own address space, which exec
    resets. (getrusage's ru_maxrss is inherited through fork and exec, so a child of a
    larger process would report its parent's peak.)"""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def median_seconds(fn, repeats):
    fn()
    fn()
    samples = []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", required=True)
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args()
    with open(args.spec) as f:
        spec = json.load(f)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    n, h, w = spec["batch"], spec["height"], spec["width"]

    encoder = Encoder(spec["encoder"])
    depth = DepthDecoder(encoder.channels, spec["decoder"])
    pose_encoder = Encoder(spec["pose_encoder"], input_images=2)
    pose = PoseDecoder(pose_encoder.channels[-1], spec["pose_channels"], spec.get("pose_frames", 1))
    depth_params = [*encoder.parameters(), *depth.parameters(), *pose_encoder.parameters(), *pose.parameters()]
    adam = torch.optim.Adam(depth_params, lr=1e-4)
    colors = {f: torch.rand(n, 3, h, w) for f in (-1, 0, 1)}
    fx, fy = 1.104 * w, 2.212 * h
    k = torch.tensor([[fx, 0, 0.535 * w, 0], [0, fy, 0.501 * h, 0], [0, 0, 1, 0], [0, 0, 0, 1.0]]).expand(n, 4, 4)
    inv_k = torch.inverse(k)

    def depth_step():
        adam.zero_grad()
        _, disps = depth(encoder(colors[0]))
        poses = {}
        for f in (-1, 1):
            pair = torch.cat([colors[f], colors[0]] if f < 0 else [colors[0], colors[f]], 1)
            axisangle, translation = pose(pose_encoder(pair))
            poses[f] = transform(axisangle, translation, invert=f < 0)
        loss = monodepth_loss(colors, disps, poses, k, inv_k)
        loss.backward()
        adam.step()

    seg_encoder = Encoder(spec["encoder"])
    seg = SegmentationDecoder(seg_encoder.channels, spec["decoder"], spec["segmentation"], spec["classes"])
    sgd = torch.optim.SGD([{"params": seg_encoder.parameters(), "lr": 1e-3},
                           {"params": seg.parameters(), "lr": 1e-2}], momentum=0.9, weight_decay=5e-4)
    labels = torch.randint(0, spec["classes"], (n, h, w))

    def segmentation_step():
        sgd.zero_grad()
        logits = seg(seg_encoder(colors[0]))
        loss = F.cross_entropy(logits, labels, ignore_index=255)
        loss.backward()
        torch.nn.utils.clip_grad_norm_([*seg_encoder.parameters(), *seg.parameters()], 10)
        sgd.step()

    repeats = args.repeats or spec.get("repeats", 5)
    steps = spec.get("steps", ["depth", "segmentation"])
    result = {}
    if "depth" in steps:
        result["depth_step"] = median_seconds(depth_step, repeats)
    if "segmentation" in steps:
        result["segmentation_step"] = median_seconds(segmentation_step, repeats)
    result["peak_rss_bytes"] = peak_resident_bytes()
    with open(args.json, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
