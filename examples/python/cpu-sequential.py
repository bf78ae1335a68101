# @interleave cores=2
# CPU-bound work, done twice one after the other: the baseline for cpu-threads.py and
# cpu-processes.py.
N = 2_000_000


def count(n):
    total = 0
    for i in range(n):
        total += i
    return total


if __name__ == "__main__":
    count(N)
    count(N)
    print("done")
