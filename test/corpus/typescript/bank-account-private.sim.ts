// label: race acc.#balance
// why: a #private balance is still one field of one shared object; deposit and withdraw race on it.
import { spawn } from "interleave";

class Account {
  #balance = 0;
  deposit(n: number) { this.#balance += n; }
  withdraw(n: number) { if (this.#balance >= n) this.#balance -= n; }
  get balance() { return this.#balance; }
}

export default function main() {
  const acc = new Account();
  acc.deposit(100);
  const t = spawn(() => acc.deposit(50));
  acc.withdraw(30);
  t.join();
  return acc.balance;
}
