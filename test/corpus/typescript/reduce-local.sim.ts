// label: no race
// why: each task reduces its own array into its own result; main combines them after joining.
import { spawn } from "interleave";

export default function main() {
  const a = spawn(() => [1, 2, 3].map((x) => x * 2).filter((x) => x > 2).reduce((s, x) => s + x, 0));
  const b = spawn(() => [4, 5].reduce((s, x) => s + x, 0));
  return a.join() + b.join();
}
