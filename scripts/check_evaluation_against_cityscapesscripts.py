#!/usr/bin/env python3
"""Checks `threeways evaluate` against the official Cityscapes evaluation.

Writes random prediction and ground-truth folders in the Cityscapes layout (ground
truth with ignored labels, predictions with void labels, one class absent from both
and one class predicted but absent from the ground truth), runs cityscapesScripts'
evalPixelLevelSemanticLabeling on them, runs `threeways evaluate` on the same folders
(label-id predictions, and the same predictions as train ids with --train-ids), and
compares every class IoU and the mean IoU to 1e-4. Exits 1 on any difference.

    pip install cityscapesscripts
    swift build -c release
    python3 scripts/check_evaluation_against_cityscapesscripts.py [--threeways .build/release/threeways]

With --embedded-case it instead prints the class IoUs that cityscapesScripts gives for
the small case built by formula in Tests/EvaluationTests/CityscapesScriptsParityTests.swift,
which that test embeds.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

# Label ids of the 19 evaluated classes in train-id order (cityscapesScripts labels.py).
EVALUATED_IDS = [7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33]
# Label ids that are ignored in evaluation (void in ground truth, void as predictions).
IGNORED_IDS = [0, 1, 2, 3, 4, 5, 6, 9, 10, 14, 15, 16, 18, 29, 30]
CLASS_NAMES = ["road", "sidewalk", "building", "wall", "fence", "pole", "traffic light",
               "traffic sign", "vegetation", "terrain", "sky", "person", "rider", "car",
               "truck", "bus", "train", "motorcycle", "bicycle"]


def label_to_train_id(label_ids):
    """Train ids (255 for ignored labels) of an array of label ids."""
    table = np.full(256, 255, dtype=np.uint8)
    for train_id, label_id in enumerate(EVALUATED_IDS):
        table[label_id] = train_id
    return table[label_ids]


def random_case(rng, image_count):
    """[(city, stem, gt label ids, predicted label ids)] with random sizes and content."""
    absent = rng.choice(19, size=2, replace=False)  # [absent everywhere, predicted only]
    gt_classes = [c for c in range(19) if c not in absent]
    pred_classes = [c for c in range(19) if c != absent[0]]
    images = []
    for k in range(image_count):
        h = int(rng.integers(8, 48))
        w = int(rng.integers(8, 64))
        gt = np.array(EVALUATED_IDS)[rng.choice(gt_classes, size=(h, w))]
        ignore = rng.random((h, w)) < 0.15
        gt[ignore] = rng.choice(IGNORED_IDS, size=int(ignore.sum()))
        pred = np.array(EVALUATED_IDS)[rng.choice(pred_classes, size=(h, w))]
        agree = rng.random((h, w)) < 0.5
        pred[agree] = gt[agree]
        void = rng.random((h, w)) < 0.1
        pred[void] = rng.choice(IGNORED_IDS, size=int(void.sum()))
        city = ["aachen", "bremen", "zurich"][k % 3]
        stem = f"{city}_{k:06d}_000019"
        images.append((city, stem, gt.astype(np.uint8), pred.astype(np.uint8)))
    return images


def embedded_case():
    """The case built by formula in CityscapesScriptsParityTests.swift (keep in step)."""
    void_ids = [0, 4, 14, 30]
    ignored_gt = [0, 9, 29]
    images = []
    for k in range(2):
        h, w = 8, 12
        gt = np.zeros((h, w), dtype=np.uint8)
        pred = np.zeros((h, w), dtype=np.uint8)
        for y in range(h):
            for x in range(w):
                i = y * w + x
                if (x + 2 * y + k) % 7 == 0:
                    gt[y, x] = ignored_gt[i % 3]
                else:
                    gt[y, x] = EVALUATED_IDS[(3 * x + 5 * y + 7 * k) % 17]
                if (x + y) % 3 == 0:
                    pred[y, x] = gt[y, x]
                else:
                    v = (x * x + 3 * y + 5 * k + x * y) % 22
                    pred[y, x] = EVALUATED_IDS[v] if v < 18 else void_ids[v - 18]
        images.append(("aachen", f"aachen_{k:06d}_000019", gt, pred))
    return images


def write_case(images, root):
    """Writes gtFine/val labelIds and the results folders; returns their paths."""
    gt_dir = os.path.join(root, "gtFine", "val")
    pred_dir = os.path.join(root, "results")
    train_pred_dir = os.path.join(root, "results_train_ids")
    for city, stem, gt, pred in images:
        for folder in (os.path.join(gt_dir, city), os.path.join(pred_dir, city), train_pred_dir):
            os.makedirs(folder, exist_ok=True)
        Image.fromarray(gt, mode="L").save(os.path.join(gt_dir, city, f"{stem}_gtFine_labelIds.png"))
        Image.fromarray(pred, mode="L").save(os.path.join(pred_dir, city, f"{stem}_pred.png"))
        Image.fromarray(label_to_train_id(pred), mode="L").save(
            os.path.join(train_pred_dir, f"{stem}_trainIds.png"))
    return gt_dir, pred_dir, train_pred_dir


# Runs the official script's main() with the instance-level (nIoU) scores switched off:
# they need *_instanceIds.png files, do not enter the class IoUs, and their code calls
# np.in1d, which numpy 2.4 removed.
OFFICIAL_EVALUATION = """
import cityscapesscripts.evaluation.evalPixelLevelSemanticLabeling as evaluation
evaluation.args.evalInstLevelScore = False
evaluation.main()
"""


def cityscapes_scores(root, pred_dir):
    """Class IoUs by name and their average, from cityscapesScripts' own evaluation."""
    export = os.path.join(root, "export")
    os.makedirs(export, exist_ok=True)
    env = dict(os.environ, CITYSCAPES_DATASET=root, CITYSCAPES_RESULTS=pred_dir,
               CITYSCAPES_EXPORT_DIR=export)
    subprocess.run([sys.executable, "-c", OFFICIAL_EVALUATION],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(export, "resultPixelLevelSemanticLabeling.json")) as f:
        result = json.load(f)
    return {name: result["classScores"][name] for name in CLASS_NAMES}, result["averageScoreClasses"]


def threeways_scores(binary, gt_dir, pred_dir, root, train_ids):
    """Class IoUs by name and mIoU from `threeways evaluate --json` (None -> NaN)."""
    out = os.path.join(root, "threeways.json")
    command = [binary, "evaluate", "--pred", pred_dir, "--gt", gt_dir, "--json", out]
    if train_ids:
        command.append("--train-ids")
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        result = json.load(f)
    nan = float("nan")
    scores = {c["name"]: (nan if c["iou"] is None else c["iou"]) for c in result["classes"]}
    return scores, (nan if result["meanIoU"] is None else result["meanIoU"])


def same(a, b, tolerance=1e-4):
    return (math.isnan(a) and math.isnan(b)) or (not math.isnan(a) and not math.isnan(b) and abs(a - b) <= tolerance)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threeways", default=".build/release/threeways", help="path of the threeways binary")
    parser.add_argument("--trials", type=int, default=4, help="random cases to check")
    parser.add_argument("--images", type=int, default=6, help="images per random case")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--embedded-case", action="store_true",
                        help="print cityscapesScripts' IoUs for the Swift test's embedded case and exit")
    args = parser.parse_args()

    if args.embedded_case:
        with tempfile.TemporaryDirectory() as root:
            _, pred_dir, _ = write_case(embedded_case(), root)
            scores, average = cityscapes_scores(root, pred_dir)
        for name in CLASS_NAMES:
            print(f"{name:14s} {scores[name]!r}")
        print(f"{'average':14s} {average!r}")
        return 0

    rng = np.random.default_rng(args.seed)
    failures = 0
    for trial in range(args.trials):
        images = random_case(rng, args.images)
        with tempfile.TemporaryDirectory() as root:
            gt_dir, pred_dir, train_pred_dir = write_case(images, root)
            expected, expected_mean = cityscapes_scores(root, pred_dir)
            for train_ids, folder in ((False, pred_dir), (True, train_pred_dir)):
                got, got_mean = threeways_scores(args.threeways, gt_dir, folder, root, train_ids)
                mode = "train ids" if train_ids else "label ids"
                worst = 0.0
                for name in CLASS_NAMES:
                    if not same(expected[name], got[name]):
                        failures += 1
                        print(f"trial {trial} ({mode}): {name}: cityscapesScripts {expected[name]!r}, "
                              f"threeways {got[name]!r}")
                    elif not math.isnan(expected[name]):
                        worst = max(worst, abs(expected[name] - got[name]))
                if not same(expected_mean, got_mean):
                    failures += 1
                    print(f"trial {trial} ({mode}): mIoU: cityscapesScripts {expected_mean!r}, threeways {got_mean!r}")
                nan_classes = [n for n in CLASS_NAMES if math.isnan(expected[n])]
                print(f"trial {trial} ({mode}): {len(images)} images, mIoU {expected_mean:.6f} vs {got_mean:.6f}, "
                      f"largest class difference {worst:.2e}, NaN classes {nan_classes}")
    print("all class IoUs agree to 1e-4" if failures == 0 else f"{failures} disagreements")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
