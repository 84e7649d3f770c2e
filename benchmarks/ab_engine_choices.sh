#!/usr/bin/env bash
# A/B of the engine's choices at the default step shape (batch 2, 64x128, width 0.25,
# 2 threads), interleaved over rounds so that machine noise hits every variant alike:
# the engine as built, OpenBLAS's own threads (THREEWAYS_BLAS_THREADS=openblas), GEMM
# convolution only (THREEWAYS_CONV=gemm) and, when OLD_BENCH names an older build's
# threeways-bench, the engine before. Run from the repository root after
# `swift build -c release`:
#     OLD_BENCH=/path/to/old/.build/release/threeways-bench bash benchmarks/ab_engine_choices.sh 3
set -euo pipefail
rounds=${1:-3}
bench=./.build/release/threeways-bench
for round in $(seq 1 "$rounds"); do
    echo "== round $round: as built"
    "$bench" step --python none --repeats 21 | grep " ms"
    echo "== round $round: THREEWAYS_BLAS_THREADS=openblas"
    THREEWAYS_BLAS_THREADS=openblas "$bench" step --python none --repeats 21 | grep " ms"
    echo "== round $round: THREEWAYS_CONV=gemm"
    THREEWAYS_CONV=gemm "$bench" step --python none --repeats 21 | grep " ms"
    if [ -n "${OLD_BENCH:-}" ]; then
        echo "== round $round: $OLD_BENCH"
        "$OLD_BENCH" step --python none --repeats 21 | grep " ms"
    fi
done
