// label: race orders
// why: the total destructures each order while another task changes an order's amount with no lock.
import { spawn } from "interleave";

interface Order { id: number; amount: number }

export default function main() {
  const orders: Order[] = [{ id: 1, amount: 10 }, { id: 2, amount: 20 }];
  const editor = spawn(() => { orders[1].amount = 25; });
  let total = 0;
  for (const { amount } of orders) total += amount;
  editor.join();
  return total;
}
