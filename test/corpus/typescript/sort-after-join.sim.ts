// label: no race
// why: the tasks fill different slots; the sort runs in main after both are joined.
import { spawn } from "interleave";

export default function main() {
  const xs = [0, 0];
  const a = spawn(() => { xs[0] = 9; });
  const b = spawn(() => { xs[1] = 4; });
  a.join();
  b.join();
  xs.sort((p, q) => p - q);
  return xs[0];
}
