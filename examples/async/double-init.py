# DEMONSTRATES A BUG: an initialisation that runs twice.
# finding: data-race (check)
#
# `get_config` loads the configuration once and caches it: if the cache is empty it awaits
# the load, then fills the cache. Two tasks ask at once: both find the cache empty before
# either has filled it, so the configuration is loaded twice (python3 prints "loading" twice
# too). `check` reports the race across await on the read of `config` (line 19): the second
# task's write overwrites the first's. The fix: an asyncio.Lock around the check and the
# load (`async with lock:`), or cache the task that loads (`loading =
# asyncio.create_task(load())` once, and every caller awaits it).
import asyncio

config = None
loads = 0


async def get_config():
    global config, loads
    if config is None:
        print("loading")
        await asyncio.sleep(0.01)  # read the file
        loads += 1
        config = {"loaded": loads}
    return config


async def main():
    a, b = await asyncio.gather(get_config(), get_config())
    print(f"loaded {loads} times; the two callers got {a} and {b}")


asyncio.run(main())
