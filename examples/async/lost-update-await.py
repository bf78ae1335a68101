# DEMONSTRATES A BUG: a value read before an await and written back after it.
# finding: data-race (check)
#
# asyncio runs every task on one thread, and a task gives the loop up only at an `await`,
# so there is no data race in the threads sense. Still an update is lost: `withdraw` reads
# the balance, awaits the bank's answer, and writes back what it computed from the old
# value; the other withdrawal ran in between, and its write is overwritten. `interleave run`
# and `check` report the race across await on the stale read (line 18), with the other
# task's write and the await. python3 prints the same lines (balance 80, not 70). The fix:
# `lost-update-async-lock.py`.
import asyncio

balance = 100


async def withdraw(amount):
    global balance
    seen = balance
    await asyncio.sleep(0.01)  # ask the bank
    balance = seen - amount
    print(f"withdrew {amount}: balance {balance}")


async def main():
    await asyncio.gather(withdraw(10), withdraw(20))
    print(f"final balance {balance} (expected 70)")


asyncio.run(main())
