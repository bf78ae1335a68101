// label: race total
// why: callbacks stored in an array are run by a worker while main also updates total.
import { spawn, WaitGroup } from "interleave";

let total = 0;
const callbacks: Array<() => void> = [];

export default function main() {
  callbacks.push(() => { total += 1; });
  callbacks.push(() => { total += 2; });
  const wg = new WaitGroup();
  wg.add(1);
  spawn(() => { for (const cb of callbacks) cb(); wg.done(); });
  total += 10;
  wg.wait();
  return total;
}
