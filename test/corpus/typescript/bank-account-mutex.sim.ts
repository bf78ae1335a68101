// label: no race
// why: every access to the balance is inside the account's own mutex.
import { spawn, Mutex } from "interleave";

class Account {
  private mu = new Mutex();
  constructor(private balance: number) {}
  withdraw(amount: number): boolean {
    this.mu.lock();
    try {
      if (this.balance < amount) return false;
      this.balance -= amount;
      return true;
    } finally {
      this.mu.unlock();
    }
  }
  get current(): number {
    this.mu.lock();
    const b = this.balance;
    this.mu.unlock();
    return b;
  }
}

export default function main() {
  const acc = new Account(100);
  const a = spawn(() => acc.withdraw(80));
  const b = spawn(() => acc.withdraw(80));
  a.join();
  b.join();
  return acc.current;
}
