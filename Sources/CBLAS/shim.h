// OpenBLAS's CBLAS interface (Debian: libopenblas-dev); cblas.h also declares
// openblas_set_num_threads / openblas_get_num_threads.
#include <cblas.h>
// glibc's allocator tuning (mallopt), used once by the tensor storage.
#if defined(__linux__)
#include <malloc.h>
#endif
