// label: no race
// why: a transfer locks both accounts in one global order (by id), so every balance access is under its account's lock.
import { spawn, Mutex } from "interleave";

class Account {
  readonly mu = new Mutex();
  constructor(readonly id: number, public balance: number) {}
}

function transfer(from: Account, to: Account, n: number) {
  const [first, second] = from.id < to.id ? [from, to] : [to, from];
  first.mu.lock();
  second.mu.lock();
  from.balance -= n;
  to.balance += n;
  second.mu.unlock();
  first.mu.unlock();
}

export default function main() {
  const a = new Account(1, 100);
  const b = new Account(2, 100);
  const t1 = spawn(() => transfer(a, b, 10));
  const t2 = spawn(() => transfer(b, a, 20));
  t1.join();
  t2.join();
  return a.balance + b.balance;
}
