// @interleave runtime=threads cores=2
// DEMONSTRATES A BUG: two transfers lock the same two accounts in opposite orders.
// finding: deadlock (run)
//
// `transfer(from, to)` locks the source account, then the destination. Moving money
// from A to B and, at the same time, from B to A, each thread can hold its first lock
// while waiting for its second: a cycle, and a deadlock. `check` finds that schedule;
// the lock-order analysis also warns about the A→B / B→A cycle on runs that get
// through. Fix: always lock the account with the lower id first (set `ordered`).
import { go, Mutex, WaitGroup, compute } from "interleave";

const ordered = false;

interface Account {
  readonly id: number;
  readonly lock: Mutex;
  balance: number;
}

function transfer(from: Account, to: Account, amount: number): void {
  const [first, second] = ordered && to.id < from.id ? [to, from] : [from, to];
  first.lock.lock();
  compute("1ms");                    // validate the transfer while holding the first lock
  second.lock.lock();
  from.balance -= amount;
  to.balance += amount;
  second.lock.unlock();
  first.lock.unlock();
}

export default function main() {
  const a: Account = { id: 1, lock: new Mutex(), balance: 100 };
  const b: Account = { id: 2, lock: new Mutex(), balance: 100 };
  const done = new WaitGroup();
  done.add(2);
  go(() => { transfer(a, b, 30); done.done(); });
  go(() => { transfer(b, a, 20); done.done(); });
  done.wait();
  return a.balance + b.balance;      // 200 whenever it finishes
}
