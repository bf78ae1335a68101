// label: race total
// why: both tasks add into total from a forEach callback with no lock.
import { spawn } from "interleave";

let total = 0;

export default function main() {
  const a = spawn(() => [1, 2].forEach((x) => { total += x; }));
  const b = spawn(() => [3, 4].forEach((x) => { total += x; }));
  a.join();
  b.join();
  return total;
}
