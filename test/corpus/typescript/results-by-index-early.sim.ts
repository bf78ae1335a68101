// label: race results[1]
// why: main sums the results before joining the second task, which writes its slot concurrently.
import { spawn } from "interleave";

export default function main() {
  const results = [0, 0];
  const a = spawn(() => { results[0] = 10; });
  const b = spawn(() => { results[1] = 20; });
  a.join();
  let sum = 0;
  for (const r of results) sum += r;
  b.join();
  return sum;
}
