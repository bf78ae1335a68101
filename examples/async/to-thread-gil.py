# asyncio.to_thread moves a blocking call off the loop, but not a computation.
#
# The loop runs on the main thread; `asyncio.to_thread` runs a function in the default
# executor, a thread of its own. `download` sleeps (think of a blocking HTTP request): the
# sleep releases the GIL, so the heartbeat keeps beating every 10 ms beside it (5 beats in
# its 50 ms). `checksum` computes: the executor thread holds the GIL, and the loop thread
# gets it back only when the switch interval (5 ms) makes the thread drop it, so the beats
# come late and few (1 in its 25 ms). Look at: the GIL lane (who holds it while `checksum`
# runs), the `event loop` lane, the loop thread's "Why?" (select, then waiting for the GIL).
# The fix for a computation is another process (a process pool; not simulated beside
# asyncio) or chunks that `await asyncio.sleep(0)` on the loop itself. python3 prints the
# same results; its times vary with the machine (simulated: 50 ms and 5 beats, 25 ms and 1
# beat, at CPython 3.11's ~36 ns an iteration of the checksum; python3 3.11.7 on this 2-core
# machine under a load of 10: 60-70 ms and 5 beats, 90-140 ms and 3-4 beats).
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


async def heartbeat(beats):
    for _ in range(12):
        beats.append(time.perf_counter())
        await asyncio.sleep(0.01)


async def main():
    for job, args in [(download, ()), (checksum, (700_000,))]:
        beats = []
        beat = asyncio.create_task(heartbeat(beats))
        await asyncio.sleep(0)
        start = time.perf_counter()
        result = await asyncio.to_thread(job, *args)
        end = time.perf_counter()
        await beat
        during = len([b for b in beats if start <= b <= end])
        print(f"{job.__name__} -> {result} in {(end - start) * 1000:.0f} ms, {during} beats meanwhile")


asyncio.run(main())
