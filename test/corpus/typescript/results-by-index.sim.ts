// label: no race
// why: each task writes its own slot of a pre-sized array; main reads them only after joining every task.
import { spawn } from "interleave";

export default function main() {
  const inputs = [3, 1, 4];
  const results = new Array<number>(inputs.length).fill(0);
  const tasks = inputs.map((x, i) => spawn(() => { results[i] = x * x; }));
  for (const t of tasks) t.join();
  return results.reduce((a, b) => a + b, 0);
}
