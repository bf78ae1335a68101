# @interleave cores=2
# CPU-bound work, done twice one after the other: the baseline for cpu-threads.py and
# cpu-processes.py. CPython 3.11 runs this loop at about 20 ns an iteration on a 2-core
# AMD EPYC (the simulation charges what it measured there, src/frontends/python/costs.ts),
# so the two counts take about 0.8 s. The simulator does not run the 40 million
# iterations one by one: a loop that only adds to locals is summed in closed form, with
# the same result and the same cost.
import time

N = 20_000_000


def count(n):
    total = 0
    for i in range(n):
        total += i
    return total


if __name__ == "__main__":
    start = time.perf_counter()
    count(N)
    count(N)
    print(f"took {time.perf_counter() - start:.3f} s")
