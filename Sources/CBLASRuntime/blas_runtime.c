#include "blas_runtime.h"

#include <stdlib.h>
#include <string.h>

// Exported by OpenBLAS's DYNAMIC_ARCH builds but not declared in its headers.
extern char *openblas_get_corename(void);
extern void gotoblas_init(void);
extern void gotoblas_quit(void);

/// Cores OpenBLAS falls back to when it cannot identify the CPU.
static int is_generic_fallback(const char *name) {
    return name == NULL || strcmp(name, "Prescott") == 0 || strcmp(name, "Katmai") == 0
        || strcmp(name, "Northwood") == 0 || strcmp(name, "Banias") == 0;
}

int tw_blas_select_kernels(void) {
    if (getenv("OPENBLAS_CORETYPE") != NULL) return 0;
    if (!is_generic_fallback(openblas_get_corename())) return 0;
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
    // Re-run OpenBLAS's own initialisation with the core forced, exactly as if the
    // variable had been set before the program started.
    setenv("OPENBLAS_CORETYPE", wanted, 1);
    gotoblas_quit();
    gotoblas_init();
    return 1;
}

const char *tw_blas_kernel_name(void) { return openblas_get_corename(); }
