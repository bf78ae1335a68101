# The fix for counter-race.py: the read, the call and the write happen under one lock,
# so no thread can run between them. The total is always 2 * N and `check` finds no race.
# N is 5,000 here, not a million: every `with lock:` is an acquire and a release the
# simulator schedules one by one (with the GIL passing between the two threads as they
# contend), so a million rounds would take minutes to simulate (`check` cuts each
# schedule at its step budget, 100,000 steps, and says so).
import threading

N = 5_000
counter = 0
lock = threading.Lock()


def bump(value):
    return value + 1


def work():
    global counter
    for _ in range(N):
        with lock:
            counter = bump(counter)


if __name__ == "__main__":
    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"counter = {counter:,} (expected {2 * N:,})")
