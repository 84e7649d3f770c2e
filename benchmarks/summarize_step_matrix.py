#!/usr/bin/env python3
"""Summarises repeated `threeways-bench step --matrix --json FILE` runs as the Markdown
table of benchmarks/RESULTS.md: per row, the range (min-max over the runs) of our time,
PyTorch's, their ratio, our share of the sgemm ceiling measured in the same run, and
peak memory; then the 2-thread / 1-thread speed-ups.

    python3 benchmarks/summarize_step_matrix.py run1.json run2.json run3.json
"""
import json
import sys


def rng(values, fmt="{:.1f}"):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    lo, hi = min(values), max(values)
    return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else fmt.format(lo) + "-" + fmt.format(hi)


def key(r):
    return (r["step"], r["batch"], r["height"], r["width"], r["widthMultiplier"], r["threads"])


runs = [json.load(open(p)) for p in sys.argv[1:]]
rows = {}
for run in runs:
    for r in run["rows"]:
        ceiling = run.get("sgemmGflopsByThreads", {}).get(str(r["threads"]), run["sgemmGflops"])
        r = dict(r, share=r["gflop"] / (r["oursMs"] / 1000) / ceiling)
        rows.setdefault(key(r), []).append(r)
print("sgemm ceiling (2048^3, GFLOP/s): " + rng([r["sgemmGflops"] for r in runs], "{:.0f}") + " at the --threads count"
      + "".join(f"; {t} thread(s): " + rng([r["sgemmGflopsByThreads"][t] for r in runs if t in r.get("sgemmGflopsByThreads", {})], "{:.0f}")
                for t in sorted({t for r in runs for t in r.get("sgemmGflopsByThreads", {})})))
print()
print("| step | batch | HxW | width | threads | GFLOP | ours ms | PyTorch ms | PyTorch/ours | % of sgemm | ours MiB | PyTorch MiB |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for k, rs in rows.items():
    step, batch, h, w, wm, t = k
    print(f"| {step} | {batch} | {h}x{w} | {wm:g} | {t} | {rs[0]['gflop']:.2f} | {rng([r['oursMs'] for r in rs])} | "
          f"{rng([r['torchMs'] for r in rs])} | "
          f"{rng([r['torchMs'] / r['oursMs'] if r['torchMs'] else None for r in rs], '{:.2f}')} | "
          f"{rng([100 * r['share'] for r in rs], '{:.0f}')} | {rng([r['oursPeakMiB'] for r in rs], '{:.0f}')} | "
          f"{rng([r['torchPeakMiB'] for r in rs], '{:.0f}')} |")
print()
for k, rs in rows.items():
    if k[5] == 1:
        continue
    one = rows.get(k[:5] + (1,))
    if not one:
        continue
    ours = [o["oursMs"] / r["oursMs"] for r, o in zip(rs, one)]
    torch = [o["torchMs"] / r["torchMs"] for r, o in zip(rs, one) if r["torchMs"] and o["torchMs"]]
    print(f"- {k[0]} b{k[1]} {k[2]}x{k[3]} width {k[4]:g}: 2 threads / 1 thread {rng(ours, '{:.2f}')}x ours, "
          f"{rng(torch, '{:.2f}')}x PyTorch (same run)")
