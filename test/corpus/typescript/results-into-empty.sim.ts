// label: no race
// why: each task writes its own new slot of an empty array; main reads the array only after joining every task.
import { spawn } from "interleave";

export default function main() {
  const inputs = [3, 1, 4];
  const results: number[] = [];
  const tasks = inputs.map((x, i) => spawn(() => { results[i] = x * x; }));
  for (const t of tasks) t.join();
  return results.reduce((a, b) => a + b, 0);
}
