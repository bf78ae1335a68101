# @interleave cores=2
# The same CPU-bound work in two processes: about half the time of cpu-sequential.py.
# Each process has its own interpreter and its own GIL, so both cores work. The price:
# starting a process (a fresh interpreter that re-imports this file) and no shared memory.
import multiprocessing
import time

N = 20_000_000


def count(n):
    total = 0
    for i in range(n):
        total += i
    return total


if __name__ == "__main__":
    start = time.perf_counter()
    processes = [multiprocessing.Process(target=count, args=(N,)) for _ in range(2)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    print(f"took {time.perf_counter() - start:.3f} s")
