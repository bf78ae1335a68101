// The lost update across await, fixed with an async mutex.
//
// `AsyncMutex.run` chains each critical section behind the previous one's promise (what the
// `async-mutex` npm package does), so the second withdrawal reads the balance only after the
// first has written it back. `check` finds one final state, 70, and no finding. Compare
// `lost-update-await.sim.ts`.
import { io, assert } from "interleave";

class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(section: () => Promise<T>): Promise<T> {
    const before = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => { release = r; });
    await before;               // wait for the holder to finish
    try {
      return await section();
    } finally {
      release();
    }
  }
}

const mu = new AsyncMutex();
let balance = 100;

async function withdraw(amount: number) {
  await mu.run(async () => {
    const before = balance;
    await io("db write");
    balance = before - amount;
  });
}

export default async function main() {
  await Promise.all([withdraw(10), withdraw(20)]);
  assert(balance === 70, `lost update: balance is ${balance}, expected 70`);
  return balance;
}
