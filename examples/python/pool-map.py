# @interleave cores=4
# Data parallelism with processes: one CPU-bound job split into 4 chunks, mapped over a
# Pool of 4 worker processes. Each process has its own interpreter and GIL, so the
# chunks run on 4 cores at once: about a quarter of the work's time, plus the cost of
# starting the pool. Compare executor-threads-cpu.py: the same split over threads gains
# nothing.
import multiprocessing

N = 40_000_000
CHUNKS = 4


def partial_sum(bounds):
    lo, hi = bounds
    total = 0
    for i in range(lo, hi):
        total += i
    return total


if __name__ == "__main__":
    step = N // CHUNKS
    parts = [(k * step, (k + 1) * step) for k in range(CHUNKS)]
    with multiprocessing.Pool(CHUNKS) as pool:
        sums = pool.map(partial_sum, parts)
    print(f"sum = {sum(sums)}")
