# A blocking call inside a coroutine stalls every task on the loop.
#
# asyncio runs every task on one thread. `fetch` calls `time.sleep(0.05)`, a blocking call
# (think of a synchronous HTTP request): the thread sleeps and no other task runs meanwhile,
# so the heartbeat that should tick every 20 ms beats once, and the three fetches take
# 150 ms one after the other. Look at: the log's times (50, 100, 150 ms), one beat. The fix:
# `await asyncio.sleep(0.05)` (an awaitable request) gives the loop up, so the fetches
# overlap (about 50 ms in all) and the heartbeat beats every 20 ms meanwhile. python3 prints
# the same lines in the same order (with the fix too, on a machine not too loaded to wake on time).
import asyncio
import time

done = False


async def heartbeat():
    beats = 0
    while not done:
        beats += 1
        print(f"beat {beats}")
        await asyncio.sleep(0.02)


async def fetch(n):
    time.sleep(0.05)  # blocks the loop: use `await asyncio.sleep(0.05)`
    print(f"fetched {n}")


async def main():
    global done
    beat = asyncio.create_task(heartbeat())
    await asyncio.gather(fetch(1), fetch(2), fetch(3))
    done = True
    await beat


asyncio.run(main())
