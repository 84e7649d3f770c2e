#ifndef THREEWAYS_WORKER_POOL_H
#define THREEWAYS_WORKER_POOL_H

/// The engine's one pool of worker threads (C: atomics and futexes).
///
/// `tw_pool_run(chunks, task, context)` calls task(context, c) for c in 0..<chunks
/// (at most 65535), each chunk claimed by whichever participant is free (the caller or
/// one of threads - 1 workers), and returns when every chunk is done: the caller never
/// waits for a worker that is still waking up, it runs the unclaimed chunks itself.
/// Workers spin briefly after each job, so the short back-to-back loops of a training
/// step hand over in well under a microsecond, then sleep on a futex. A call made while a job runs (a nested loop, or another thread
/// such as a data loader) runs its chunks serially on its own thread. Which thread runs
/// a chunk never changes what the chunk computes, so results depend only on the chunk
/// ranges, which the caller fixes.
typedef void (*tw_pool_task)(void *context, long chunk);

/// Sets the number of participants (the caller and threads - 1 workers, started lazily).
void tw_pool_set_threads(int threads);

/// Runs `chunks` chunks of `task` across the pool and waits for them.
void tw_pool_run(long chunks, tw_pool_task task, void *context);

#endif
