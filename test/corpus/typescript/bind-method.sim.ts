// label: race acc.balance
// why: each task runs withdraw bound to the same account; the bound object goes with the function, and withdraw checks then writes the balance with no lock.
import { spawn } from "interleave";
class Account {
  balance = 100;
  withdraw(n: number) { if (this.balance >= n) this.balance -= n; }
}
export default function main() {
  const acc = new Account();
  const a = spawn(acc.withdraw.bind(acc, 80));
  const b = spawn(acc.withdraw.bind(acc, 80));
  a.join(); b.join();
}
