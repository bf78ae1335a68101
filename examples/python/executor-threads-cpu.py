# @interleave cores=4
# The same split as pool-map.py, over a ThreadPoolExecutor of 4 threads: no faster than
# one thread doing all of it. The threads share one interpreter, and only the thread
# holding the GIL runs bytecode; the others wait their turn (every 5 ms, the switch
# interval). Threads pay off for waiting (I/O), not for computing. Compare pool-map.py.
from concurrent.futures import ThreadPoolExecutor

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
    with ThreadPoolExecutor(max_workers=CHUNKS) as executor:
        sums = list(executor.map(partial_sum, parts))
    print(f"sum = {sum(sums)}")
