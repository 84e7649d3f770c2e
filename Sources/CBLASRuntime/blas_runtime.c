#include "blas_runtime.h"

#include <stdlib.h>
#include <string.h>

// Exported by OpenBLAS's DYNAMIC_ARCH builds but not declared in its headers.
extern char *openblas_get_corename(void);
extern void gotoblas_init(void);
extern void gotoblas_quit(void);

int tw_blas_select_kernels(void) {
    if (getenv("OPENBLAS_CORETYPE") != NULL) return 0;
    const char *wanted = NULL;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")) {
        wanted = "SkylakeX";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        wanted = "Haswell";
    }
#endif
    if (wanted == NULL) return 0;
    const char *current = openblas_get_corename();
    if (current != NULL && strcmp(current, wanted) == 0) return 0;
    // Re-run OpenBLAS's own initialisation with the core forced, exactly as if the
    // variable had been set before the program started.
    setenv("OPENBLAS_CORETYPE", wanted, 1);
    gotoblas_quit();
    gotoblas_init();
    return 1;
}

const char *tw_blas_kernel_name(void) { return openblas_get_corename(); }

static long long tw_flops = 0;

void tw_flops_add(long long flops) { __atomic_fetch_add(&tw_flops, flops, __ATOMIC_RELAXED); }

long long tw_flops_read_and_reset(void) { return __atomic_exchange_n(&tw_flops, 0, __ATOMIC_RELAXED); }
