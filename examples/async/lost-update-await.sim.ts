// DEMONSTRATES A BUG: a value read before an await and written back after it.
// finding: data-race, assertion (check)
//
// One thread, no data race in the threads sense, and still a lost update: `withdraw` reads
// the balance, awaits the database, and writes back what it computed from the old value.
// If the other withdrawal writes in between, its update is lost. `check` explores the orders
// in which the two requests complete and reports the race across await on the stale read
// (line 15), with the order of io() completions that leads to it. The fix is in
// `lost-update-async-mutex.sim.ts`; reading the balance again after the await also works.
import { io, assert } from "interleave";

let balance = 100;

async function withdraw(amount: number) {
  const before = balance;       // read...
  await io("db write");         // ...the other flow runs here...
  balance = before - amount;    // ...and this write loses its update
}

export default async function main() {
  await Promise.all([withdraw(10), withdraw(20)]);
  assert(balance === 70, `lost update: balance is ${balance}, expected 70`);
}
