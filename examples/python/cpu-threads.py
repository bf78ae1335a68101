# @interleave cores=2
# The same CPU-bound work in two threads on two cores: no faster than cpu-sequential.py.
# Only the thread holding the GIL runs bytecode; the other waits 5 ms (the switch
# interval), asks for the GIL, and the two take turns. Watch gil_switches.
import threading
import time

N = 20_000_000


def count(n):
    total = 0
    for i in range(n):
        total += i
    return total


if __name__ == "__main__":
    start = time.perf_counter()
    threads = [threading.Thread(target=count, args=(N,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"took {time.perf_counter() - start:.3f} s")
