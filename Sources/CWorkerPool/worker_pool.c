#define _GNU_SOURCE
#include "worker_pool.h"

#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TW_PAUSE() _mm_pause()
#else
#define TW_PAUSE() ((void)0)
#endif

enum { TW_MAX_WORKERS = 63 };
/// How long a worker spins for the next job before it sleeps (nanoseconds).
static const long TW_SPIN_NS = 50 * 1000;

static pthread_mutex_t submit_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int participants = 1;
static int workers_started = 0;

/// The current job. Chunks are claimed through `ticket`, which packs the job's number
/// (high 32 bits), its chunk count (16 bits) and the next unclaimed chunk (low 16 bits),
/// so a claim is one compare-and-swap that can only succeed for the job the claimer
/// saw: a worker that wakes after its job finished claims nothing. `task` and `context`
/// are read after a successful claim, while the job cannot finish (the claimed chunk is
/// not done yet), so they are that job's.
static tw_pool_task job_task;
static void *job_context;
static _Atomic uint64_t ticket = 0;
static _Atomic long done = 0;
/// Bumped for every job: the word sleeping workers wait on.
static _Atomic unsigned int wake_word = 0;
static _Atomic int sleepers = 0;
static __thread int inside_job = 0;

static long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void sleep_until_changed(unsigned int seen) {
#if defined(__linux__)
    syscall(SYS_futex, (unsigned int *)&wake_word, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
#else
    sched_yield();
    (void)seen;
#endif
}

static void wake_all(void) {
#if defined(__linux__)
    syscall(SYS_futex, (unsigned int *)&wake_word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
#endif
}

/// Claims and runs chunks of the job `expected` (its ticket's high 32 bits) until none is left.
static void run_chunks(uint32_t expected) {
    uint64_t t = atomic_load_explicit(&ticket, memory_order_acquire);
    for (;;) {
        if ((uint32_t)(t >> 32) != expected) return;
        uint64_t chunks = (t >> 16) & 0xffff, next = t & 0xffff;
        if (next >= chunks) return;
        if (!atomic_compare_exchange_weak_explicit(&ticket, &t, t + 1, memory_order_acq_rel,
                                                   memory_order_acquire)) continue;
        job_task(job_context, (long)next);
        atomic_fetch_add_explicit(&done, 1, memory_order_release);
        t = atomic_load_explicit(&ticket, memory_order_acquire);
    }
}

static void *worker_main(void *argument) {
    unsigned int seen = *(unsigned int *)argument;
    inside_job = 1; // loops inside a worker's chunk run serially
    for (;;) {
        unsigned int current;
        long spin_start = 0;
        int spins = 0;
        while ((current = atomic_load_explicit(&wake_word, memory_order_acquire)) == seen) {
            if ((++spins & 63) == 0) {
                long t = now_ns();
                if (spin_start == 0) spin_start = t;
                else if (t - spin_start > TW_SPIN_NS) {
                    atomic_fetch_add(&sleepers, 1);
                    if (atomic_load(&wake_word) == seen) sleep_until_changed(seen);
                    atomic_fetch_sub(&sleepers, 1);
                    spin_start = 0;
                }
            }
            TW_PAUSE();
        }
        seen = current;
        run_chunks((uint32_t)(atomic_load_explicit(&ticket, memory_order_acquire) >> 32));
    }
    return NULL;
}

/// The wake word each worker starts from (read by its creator, so a job published
/// while the thread starts is still seen as new).
static unsigned int start_words[TW_MAX_WORKERS];

static void start_workers(int needed) {
    pthread_mutex_lock(&start_lock);
    while (workers_started < needed && workers_started < TW_MAX_WORKERS) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        start_words[workers_started] = atomic_load(&wake_word);
        int failed = pthread_create(&thread, &attributes, worker_main, &start_words[workers_started]);
        pthread_attr_destroy(&attributes);
        if (failed) break;
        workers_started++;
    }
    pthread_mutex_unlock(&start_lock);
}

void tw_pool_set_threads(int threads) {
    if (threads < 1) threads = 1;
    if (threads > TW_MAX_WORKERS + 1) threads = TW_MAX_WORKERS + 1;
    atomic_store(&participants, threads);
}

void tw_pool_run(long chunks, tw_pool_task task, void *context) {
    int count = atomic_load(&participants);
    if (chunks <= 1 || chunks > 0xffff || count <= 1 || inside_job || pthread_mutex_trylock(&submit_lock) != 0) {
        for (long c = 0; c < chunks; c++) task(context, c);
        return;
    }
    if (workers_started < count - 1) start_workers(count - 1);
    job_task = task;
    job_context = context;
    atomic_store_explicit(&done, 0, memory_order_relaxed);
    uint32_t number = (uint32_t)(atomic_load_explicit(&ticket, memory_order_relaxed) >> 32) + 1;
    atomic_store_explicit(&ticket, ((uint64_t)number << 32) | ((uint64_t)chunks << 16), memory_order_release);
    atomic_fetch_add_explicit(&wake_word, 1, memory_order_seq_cst);
    if (atomic_load(&sleepers) > 0) wake_all();
    inside_job = 1;
    run_chunks(number);
    inside_job = 0;
    int spins = 0;
    while (atomic_load_explicit(&done, memory_order_acquire) != chunks) {
        TW_PAUSE();
        if (++spins > 4096) { sched_yield(); spins = 0; }
    }
    pthread_mutex_unlock(&submit_lock);
}
