# Try-lock and timed lock: a thread that must not wait forever. `printer` holds the lock
# for 500 ms. Once it has the lock, `status` first tries without waiting
# (acquire(blocking=False) answers at once), then waits at most 100 ms (acquire(timeout=0.1)
# gives up and returns False), then waits as long as it takes and gets the lock when
# `printer` lets go at 500 ms.
import threading
import time

lock = threading.Lock()
holding = threading.Event()


def printer():
    with lock:
        print("printer has the lock")
        holding.set()
        time.sleep(0.5)
    print("printer let go")


def status():
    holding.wait()
    if lock.acquire(blocking=False):
        print("status: got it at once")
        lock.release()
    else:
        print("status: busy, not waiting")
    if lock.acquire(timeout=0.1):
        print("status: got it within 100 ms")
        lock.release()
    else:
        print("status: gave up after 100 ms")
    with lock:
        print("status: got it in the end")


if __name__ == "__main__":
    threads = [threading.Thread(target=printer), threading.Thread(target=status)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
