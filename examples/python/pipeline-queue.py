# Pipeline parallelism: three stages, each its own thread, joined by queues. Each of five
# pages is fetched (100 ms of waiting), then parsed, then stored (50 ms of waiting). One
# after the other that is 5 x 150 ms = 750 ms; as a pipeline the stages overlap (page 2
# is fetched while page 1 is stored) and it ends at about 5 x 100 + 50 = 550 ms: the
# slowest stage sets the pace. None (a sentinel) tells the next stage the stream ended.
import queue
import threading
import time

PAGES = 5
fetched = queue.Queue()
parsed = queue.Queue()


def fetch():
    for n in range(PAGES):
        time.sleep(0.1)
        fetched.put(f"page {n}")
    fetched.put(None)


def parse():
    while True:
        page = fetched.get()
        if page is None:
            parsed.put(None)
            return
        parsed.put(page.upper())


def store():
    count = 0
    while True:
        page = parsed.get()
        if page is None:
            break
        time.sleep(0.05)
        count += 1
        print(f"stored {page}")
    print(f"{count} pages stored")


if __name__ == "__main__":
    start = time.perf_counter()
    stages = [threading.Thread(target=f) for f in (fetch, parse, store)]
    for t in stages:
        t.start()
    for t in stages:
        t.join()
    print(f"took {time.perf_counter() - start:.2f} s")
