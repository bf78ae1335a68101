// label: no race
// why: each account's balance is changed only under that account's own lock, held in its object.
import { spawn, Mutex } from "interleave";

export default function main() {
  const a = { lock: new Mutex(), balance: 100 };
  const b = { lock: new Mutex(), balance: 100 };
  const t1 = spawn(() => { a.lock.lock(); a.balance -= 10; a.lock.unlock(); b.lock.lock(); b.balance += 10; b.lock.unlock(); });
  const t2 = spawn(() => { b.lock.lock(); b.balance -= 5; b.lock.unlock(); a.lock.lock(); a.balance += 5; a.lock.unlock(); });
  t1.join();
  t2.join();
  return a.balance + b.balance;
}
