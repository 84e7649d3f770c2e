#ifndef THREEWAYS_BLAS_RUNTIME_H
#define THREEWAYS_BLAS_RUNTIME_H

/// Makes OpenBLAS use kernels that match this CPU when its own detection fell back
/// to a generic core. Debian's OpenBLAS 0.3.21 does not know recent Xeons (for
/// example those with AVX512-FP16) and then runs its "Prescott" SSE kernels, several
/// times slower than the SkylakeX AVX-512 kernels the CPU can run. If the user set
/// OPENBLAS_CORETYPE, or detection found a real core, nothing changes.
/// Returns 1 when the kernels were switched, 0 otherwise. Call before any BLAS work.
int tw_blas_select_kernels(void);

/// The name of the kernel set OpenBLAS uses now (e.g. "SkylakeX").
const char *tw_blas_kernel_name(void);

#endif
