// label: race total
// why: the same constructor without the mutex: two tasks construct at once and both read and write the shared count with nothing ordering them.
import { spawn } from "interleave";

let total = 0;

class Account {
  readonly id: number;
  constructor(readonly owner: string) {
    total += 1;
    this.id = total;
  }
}

export default function main() {
  const a = spawn(() => new Account("ann"));
  const b = spawn(() => new Account("bob"));
  a.join();
  b.join();
  return total;
}
