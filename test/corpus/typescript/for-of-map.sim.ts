// label: race scores[*]
// why: main iterates a Map while a task inserts into it.
import { spawn } from "interleave";

const scores = new Map<string, number>([["ann", 1]]);

export default function main() {
  const t = spawn(() => { scores.set("bob", 2); });
  let sum = 0;
  for (const [, v] of scores) sum += v;
  t.join();
  return sum;
}
