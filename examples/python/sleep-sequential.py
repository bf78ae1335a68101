# Two tasks that each wait two seconds (a network call, a disk read), one after the other.
# Expect about 4 s: nothing overlaps. Compare sleep-threads.py.
import time


def task(name):
    print(f"{name} starts")
    time.sleep(2)
    print(f"{name} done")


if __name__ == "__main__":
    start = time.perf_counter()
    task("first")
    task("second")
    print(f"took {time.perf_counter() - start:.3f} s")
