// label: race acc.balance
// why: withdraw reads the balance, then writes it; two withdrawals with no lock interleave between the two.
import { spawn } from "interleave";

class Account {
  constructor(public balance: number) {}
  withdraw(amount: number): boolean {
    if (this.balance < amount) return false;
    this.balance -= amount;
    return true;
  }
}

export default function main() {
  const acc = new Account(100);
  const a = spawn(() => acc.withdraw(80));
  const b = spawn(() => acc.withdraw(80));
  a.join();
  b.join();
  return acc.balance;
}
