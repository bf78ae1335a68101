// label: no race
// why: the total is taken only after joining the task that edits the orders.
import { spawn } from "interleave";

interface Order { id: number; amount: number }

export default function main() {
  const orders: Order[] = [{ id: 1, amount: 10 }, { id: 2, amount: 20 }];
  const editor = spawn(() => { orders[1].amount = 25; });
  editor.join();
  let total = 0;
  for (const { id, amount } of orders) total += id * amount;
  return total;
}
