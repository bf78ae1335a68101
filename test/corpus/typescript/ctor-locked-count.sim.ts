// label: no race
// why: each constructor takes the registry's mutex around its update of the shared count, so the two constructions in two tasks are ordered by the lock.
import { spawn, Mutex } from "interleave";

const mu = new Mutex();
let total = 0;

class Account {
  readonly id: number;
  constructor(readonly owner: string) {
    mu.lock();
    total += 1;
    this.id = total;
    mu.unlock();
  }
}

export default function main() {
  const a = spawn(() => new Account("ann"));
  const b = spawn(() => new Account("bob"));
  const ids = [a.join().id, b.join().id].sort();
  return ids.join(",") + " of " + total;
}
