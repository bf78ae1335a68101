# asyncio.to_thread moves a blocking call off the loop, but not a computation.
#
# The loop runs on the main thread; `asyncio.to_thread` runs a function in the default
# executor, a thread of its own. `download` sleeps (think of a blocking HTTP request): the
# sleep releases the GIL, so the heartbeat keeps beating every 10 ms beside it. `checksum`
# computes: the executor thread holds the GIL, and the loop thread gets it back only when
# the switch interval (5 ms) makes the thread drop it, so beats come late and few. Look at:
# the GIL lane (who holds it while `checksum` runs), the gaps between the beats, the loop
# thread's "Why?" (select, then waiting for the GIL). The fix for a computation is another process
# (a process pool, `loop.run_in_executor(pool, ...)`; not simulated beside asyncio) or chunks
# that `await asyncio.sleep(0)` on the loop itself. python3 prints the same results (its beat
# counts vary with the machine: about 5 beside the download, 1 or 2 beside the checksum).
import asyncio
import time


def download():
    time.sleep(0.05)
    return "page"


def checksum(n):
    total = 0
    for i in range(n):
        total = (total + i * i) % 65521
    return total


async def heartbeat(name, stop):
    beats = 0
    while not stop.is_set():
        beats += 1
        await asyncio.sleep(0.01)
    print(f"{name}: {beats} beats")


async def main():
    for job, args in [(download, ()), (checksum, (150000,))]:
        stop = asyncio.Event()
        beat = asyncio.create_task(heartbeat(job.__name__, stop))
        result = await asyncio.to_thread(job, *args)
        stop.set()
        await beat
        print(f"{job.__name__} -> {result}")


asyncio.run(main())
