// label: race accounts[ann].balance
// why: both tasks change the balance of the object stored under the same key.
import { spawn } from "interleave";

const accounts = new Map<string, { balance: number }>([["ann", { balance: 1 }]]);

export default function main() {
  const a = spawn(() => { accounts.get("ann")!.balance += 10; });
  const b = spawn(() => { accounts.get("ann")!.balance -= 5; });
  a.join();
  b.join();
  return accounts.get("ann")!.balance;
}
