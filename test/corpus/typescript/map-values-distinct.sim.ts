// label: no race
// why: the Map is filled before the tasks start; each task changes only the object stored under its own key.
import { spawn } from "interleave";

const accounts = new Map<string, { balance: number }>([["ann", { balance: 1 }], ["bob", { balance: 2 }]]);

export default function main() {
  const a = spawn(() => { accounts.get("ann")!.balance += 10; });
  const b = spawn(() => { accounts.get("bob")!.balance += 20; });
  a.join();
  b.join();
  return accounts.get("ann")!.balance + accounts.get("bob")!.balance;
}
