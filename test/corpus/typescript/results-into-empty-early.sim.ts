// label: race results
// why: main counts the results before joining the task that appends a new slot, so the count depends on the schedule.
import { spawn } from "interleave";

export default function main() {
  const results: number[] = [];
  const t = spawn(() => { results[0] = 42; });
  const ready = results.length;
  t.join();
  return ready;
}
