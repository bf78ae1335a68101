# DEMONSTRATES A BUG: two threads add to a shared counter without a lock.
# finding: data-race (check)
#
# `counter = bump(counter)` reads `counter`, calls `bump`, then writes the result. The
# GIL may pass to the other thread at the call (CPython checks its eval breaker there),
# and then one thread's write overwrites everything the other added meanwhile: the total
# comes out short of 2 * N. `interleave check` reports the race on `counter`; the
# fix is counter-lock.py.
import threading

N = 1_000_000
counter = 0


def bump(value):
    return value + 1


def work():
    global counter
    for _ in range(N):
        counter = bump(counter)


if __name__ == "__main__":
    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"counter = {counter:,} (expected {2 * N:,})")
