#ifndef THREEWAYS_BLAS_RUNTIME_H
#define THREEWAYS_BLAS_RUNTIME_H

/// Makes OpenBLAS run one kernel set per vector ISA, whatever CPU model it detected:
/// SkylakeX on every x86-64 CPU with AVX-512 (F, BW, VL, DQ), Haswell on every one with
/// AVX2 + FMA. Two reasons. Debian's OpenBLAS 0.3.21 does not know recent Xeons (those
/// with AVX512-FP16) and would run its generic "Prescott" SSE kernels, several times
/// slower. And the kernel sets it picks for other CPUs (e.g. "Cooperlake" on AMD Zen 4)
/// block the K dimension differently from SkylakeX, so the same product gave different
/// bits on different machines of the same ISA; one set per ISA makes products, and so
/// training runs, depend only on the ISA, the seed, the configuration and the thread
/// count. If the user set OPENBLAS_CORETYPE, nothing changes.
/// Returns 1 when the kernels were switched, 0 otherwise. Call before any BLAS work.
int tw_blas_select_kernels(void);

/// The name of the kernel set OpenBLAS uses now (e.g. "SkylakeX").
const char *tw_blas_kernel_name(void);

/// Floating-point operations (2 m n k per product) counted by the engine's matrix
/// product wrapper; benchmarks read and reset it. Atomic, so products issued from
/// several threads are counted exactly.
void tw_flops_add(long long flops);
long long tw_flops_read_and_reset(void);

#endif
