// label: race prices[0]
// why: main iterates the array while a task rewrites its first element.
import { spawn } from "interleave";

const prices = [10, 20, 30];

export default function main() {
  const t = spawn(() => { prices[0] = 15; });
  let sum = 0;
  for (const p of prices) sum += p;
  t.join();
  return sum;
}
