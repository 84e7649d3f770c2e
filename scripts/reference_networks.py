#!/usr/bin/env python3
"""Builds the reference repository's networks in PyTorch for cross-checks.

The reference (lhoyer/improving_segmentation_with_selfsupervised_depth) is read from
its mirrored git repository and imported unmodified. torchvision is not installed
here, so a minimal stand-in for the parts the reference imports is written first:
torchvision.models.ResNet/BasicBlock/Bottleneck/resnet18..152 (torchvision v0.8's
layout and initialisation) and torchvision.models.segmentation.deeplabv3.ASPPConv and
ASPPPooling. Parameter counts printed by `main` match torchvision's published ones
(resnet18 11,689,512 with fc, ...), which checks the stand-in.

Usage:
  python3 scripts/reference_networks.py             prints parameter counts
  python3 scripts/reference_networks.py --fixture   rewrites
      Tests/NetworksTests/ReferenceStateNames.swift, the reference's state-dict keys
      and shapes that NetworksTests compares our networks' names with
"""
import os
import subprocess
import sys
import tempfile

MIRROR = "/work/.mirror/lhoyer+improving_segmentation_with_selfsupervised_depth/repo"
REFERENCE_FILES = [
    "models/__init__.py", "models/depth_decoder.py", "models/model_parts.py",
    "models/monodepth_layers.py", "models/pose_decoder.py", "models/resnet_encoder.py",
    "models/joint_segmentation_depth_decoder.py", "models/utils.py",
    "configs/machine_config.py",
]

TORCHVISION_MODELS = '''
import torch
from torch import nn
import torch.nn.functional as F

model_urls = {}

def conv3x3(cin, cout, stride=1, groups=1, dilation=1):
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=dilation, groups=groups,
                     bias=False, dilation=dilation)

def conv1x1(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 1, stride=stride, bias=False)

class BasicBlock(nn.Module):
    expansion = 1
    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1,
                 base_width=64, dilation=1, norm_layer=None):
        super().__init__()
        if dilation > 1:
            raise NotImplementedError("Dilation > 1 not supported in BasicBlock")
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample
        self.stride = stride
    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(out + identity)

class Bottleneck(nn.Module):
    expansion = 4
    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1,
                 base_width=64, dilation=1, norm_layer=None):
        super().__init__()
        width = int(planes * (base_width / 64.)) * groups
        self.conv1 = conv1x1(inplanes, width)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = conv3x3(width, width, stride, groups, dilation)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = conv1x1(width, planes * self.expansion)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride
    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(out + identity)

class ResNet(nn.Module):
    def __init__(self, block, layers, num_classes=1000, zero_init_residual=False, groups=1,
                 width_per_group=64, replace_stride_with_dilation=None, norm_layer=None):
        super().__init__()
        self.inplanes = 64
        self.dilation = 1
        if replace_stride_with_dilation is None:
            replace_stride_with_dilation = [False, False, False]
        self.groups = groups
        self.base_width = width_per_group
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2, dilate=replace_stride_with_dilation[0])
        self.layer3 = self._make_layer(block, 256, layers[2], stride=2, dilate=replace_stride_with_dilation[1])
        self.layer4 = self._make_layer(block, 512, layers[3], stride=2, dilate=replace_stride_with_dilation[2])
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * block.expansion, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)
    def _make_layer(self, block, planes, blocks, stride=1, dilate=False):
        downsample = None
        previous_dilation = self.dilation
        if dilate:
            self.dilation *= stride
            stride = 1
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(conv1x1(self.inplanes, planes * block.expansion, stride),
                                       nn.BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample, self.groups, self.base_width,
                        previous_dilation)]
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes, groups=self.groups, base_width=self.base_width,
                                dilation=self.dilation))
        return nn.Sequential(*layers)
    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))

def _resnet(block, layers, pretrained=False, **kwargs):
    assert not pretrained, "no ImageNet weights here"
    return ResNet(block, layers, **kwargs)

def resnet18(pretrained=False, **kw): return _resnet(BasicBlock, [2, 2, 2, 2], pretrained, **kw)
def resnet34(pretrained=False, **kw): return _resnet(BasicBlock, [3, 4, 6, 3], pretrained, **kw)
def resnet50(pretrained=False, **kw): return _resnet(Bottleneck, [3, 4, 6, 3], pretrained, **kw)
def resnet101(pretrained=False, **kw): return _resnet(Bottleneck, [3, 4, 23, 3], pretrained, **kw)
def resnet152(pretrained=False, **kw): return _resnet(Bottleneck, [3, 8, 36, 3], pretrained, **kw)
'''

DEEPLABV3 = '''
import torch
from torch import nn
import torch.nn.functional as F

class ASPPConv(nn.Sequential):
    def __init__(self, in_channels, out_channels, dilation):
        super().__init__(
            nn.Conv2d(in_channels, out_channels, 3, padding=dilation, dilation=dilation, bias=False),
            nn.BatchNorm2d(out_channels), nn.ReLU())

class ASPPPooling(nn.Sequential):
    def __init__(self, in_channels, out_channels):
        super().__init__(nn.AdaptiveAvgPool2d(1), nn.Conv2d(in_channels, out_channels, 1, bias=False),
                         nn.BatchNorm2d(out_channels), nn.ReLU())
    def forward(self, x):
        size = x.shape[-2:]
        for mod in self:
            x = mod(x)
        return F.interpolate(x, size=size, mode='bilinear', align_corners=False)
'''


def install_reference(root):
    """Writes the torchvision stand-in and the reference's model files under `root`."""
    files = {
        "torchvision/__init__.py": "from . import models\n",
        "torchvision/models/__init__.py": "from . import resnet\nfrom .resnet import *\nfrom . import segmentation\nfrom . import _utils\n",
        "torchvision/models/resnet.py": TORCHVISION_MODELS,
        "torchvision/models/_utils.py": "IntermediateLayerGetter = None\n",
        "torchvision/models/segmentation/__init__.py": "from . import deeplabv3\n",
        "torchvision/models/segmentation/deeplabv3.py": DEEPLABV3,
        "utils/__init__.py": "",
        "utils/google_drive_downloader.py": "GoogleDriveDownloader = None\n",
        "configs/__init__.py": "",
    }
    for path in REFERENCE_FILES:
        files[path] = subprocess.run(["git", "-C", MIRROR, "show", "HEAD:" + path],
                                     check=True, capture_output=True, text=True).stdout
    # models/__init__.py pulls in the training model; the parts are imported directly.
    files["models/__init__.py"] = ""
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
    sys.path.insert(0, root)


def build(root=None):
    """Returns a namespace with the reference's classes importable."""
    root = root or tempfile.mkdtemp(prefix="reference_networks_")
    install_reference(root)
    import importlib
    ns = {}
    ns["ResnetEncoder"] = importlib.import_module("models.resnet_encoder").ResnetEncoder
    ns["DepthDecoder"] = importlib.import_module("models.depth_decoder").DepthDecoder
    ns["PoseDecoder"] = importlib.import_module("models.pose_decoder").PoseDecoder
    jsd = importlib.import_module("models.joint_segmentation_depth_decoder")
    ns["JointSegDepthDecoder"] = jsd.JointSegDepthDecoder
    ns["PAD"] = jsd.PAD
    ns["utils"] = importlib.import_module("models.utils")
    return ns


def encoder(ns, depth, dilate=True, images=1):
    enc = ns["ResnetEncoder"](depth, False, num_input_images=images,
                              **({"replace_stride_with_dilation": [False, False, True]} if dilate else {}))
    import torch.nn as nn
    enc.encoder.avgpool = nn.Identity()
    enc.encoder.fc = nn.Identity()
    return enc


DEC6 = dict(intermediate_aspp=True, aspp_rates=[6, 12, 18], num_ch_dec=[64, 128, 128, 256, 256],
            max_scale_size=(512, 512))
DEC9 = dict(intermediate_aspp=True, aspp_rates=[6, 12, 18], num_ch_dec=[64, 64, 128, 128, 256],
            batch_norm=True, max_scale_size=(512, 512))
SEG210 = dict(weights="none", layers=[9], head_inter_channels=64, layer_out_channels=64, head_dropout=0.1,
              layer_dropout=0, head_inter=False, output_stride=1)
# Experiment 212's 'mtl_pad' segmentation_args ("none": no pretrained decoder download).
PAD212 = dict(weights="none", output_stride=1, distillation_layer=7, side_output=True, final_layer=9)
SEG211 = dict(weights="none", layers=[8], head_inter_channels=64, layer_out_channels=64, head_dropout=0.0,
              layer_dropout=0, head_inter=True, output_stride=2)


def state_lines(module, skip_prefix=None):
    return "\n".join(f"{k} {','.join(str(d) for d in v.shape)}" for k, v in module.state_dict().items()
                     if skip_prefix is None or not k.startswith(skip_prefix))


def write_fixture(ns, path):
    r101, r50 = encoder(ns, 101), encoder(ns, 50)
    entries = {
        "resNet101Dilated": state_lines(r101),
        "resNet18": state_lines(encoder(ns, 18, dilate=False)),
        "poseEncoder": state_lines(encoder(ns, 18, dilate=False, images=2)),
        "poseDecoder": state_lines(ns["PoseDecoder"](encoder(ns, 18, dilate=False, images=2).num_ch_enc,
                                                     num_input_features=1, num_frames_to_predict_for=2)),
        "dec6OnResNet101": state_lines(ns["DepthDecoder"](r101.num_ch_enc, range(4), **DEC6)),
        "dec9OnResNet50": state_lines(ns["DepthDecoder"](r50.num_ch_enc, range(4), **DEC9)),
        "segmentation210OnResNet101": state_lines(
            ns["JointSegDepthDecoder"](r101.num_ch_enc, DEC6["num_ch_dec"], 19, **SEG210, depth_args=DEC6),
            skip_prefix="unet_dec."),
        "segmentation211OnResNet50": state_lines(
            ns["JointSegDepthDecoder"](r50.num_ch_enc, DEC9["num_ch_dec"], 19, **SEG211, depth_args=DEC9),
            skip_prefix="unet_dec."),
    }
    with open(path, "w") as f:
        f.write("// Generated by scripts/reference_networks.py --fixture from the reference's models/\n")
        f.write("// (PyTorch state_dict keys and shapes, one \"key d0,d1,...\" per line). Do not edit.\n\n")
        f.write("/// The reference networks' state-dict keys and shapes.\nenum ReferenceStateNames {\n")
        for name, text in entries.items():
            f.write(f'    static let {name} = """\n{text}\n"""\n\n')
        f.write("}\n")


def main():
    import torch
    ns = build()
    if "--fixture" in sys.argv:
        here = os.path.dirname(os.path.abspath(__file__))
        write_fixture(ns, os.path.join(here, "..", "Tests", "NetworksTests", "ReferenceStateNames.swift"))
        return
    for depth in (18, 50, 101):
        with_fc = ns["ResnetEncoder"](depth, False).encoder
        enc = encoder(ns, depth, dilate=depth >= 50)  # torchvision refuses dilated BasicBlocks
        print(f"resnet{depth}: {sum(p.numel() for p in with_fc.parameters()):,} with fc, "
              f"{sum(p.numel() for p in enc.parameters()):,} without; "
              f"{len(enc.state_dict())} state-dict entries")
    enc = encoder(ns, 101)
    dec = ns["DepthDecoder"](enc.num_ch_enc, range(4), **DEC6)
    print("dec6 on resnet101:", sum(p.numel() for p in dec.parameters()), "parameters")
    for k, v in dec.state_dict().items():
        print(" ", k, list(v.shape))


if __name__ == "__main__":
    main()
