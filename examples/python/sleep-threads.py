# The same two waits, each in a thread: about 2 s. time.sleep (like any blocking I/O)
# releases the GIL, so both threads wait at the same time. Compare sleep-sequential.py.
import threading
import time


def task(name):
    print(f"{name} starts")
    time.sleep(2)
    print(f"{name} done")


if __name__ == "__main__":
    start = time.perf_counter()
    threads = [threading.Thread(target=task, args=(name,)) for name in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"took {time.perf_counter() - start:.3f} s")
