# The lost update across await (lost-update-await.py), fixed with an asyncio.Lock.
#
# `async with lock:` holds the lock across the await, so the second withdrawal waits at
# the lock until the first has written the balance back, then reads the new value.
# The final balance is 70, and `check` reports nothing. Reading `balance` again after the
# await would fix it too, when the withdrawal need not see a consistent balance before it.
import asyncio

balance = 100
lock = asyncio.Lock()


async def withdraw(amount):
    global balance
    async with lock:
        seen = balance
        await asyncio.sleep(0.01)  # ask the bank
        balance = seen - amount
    print(f"withdrew {amount}: balance {balance}")


async def main():
    await asyncio.gather(withdraw(10), withdraw(20))
    print(f"final balance {balance} (expected 70)")


asyncio.run(main())
