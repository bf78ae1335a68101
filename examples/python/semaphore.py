# A semaphore with 3 permits: of 5 workers, at most 3 are inside at once (a pool of 3
# database connections, say). The other two wait at `with pool:` until one leaves.
import threading
import time

pool = threading.Semaphore(3)


def worker(n):
    with pool:
        print(f"worker {n} is in")
        time.sleep(1)
        print(f"worker {n} leaves")


if __name__ == "__main__":
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
