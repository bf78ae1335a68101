// @interleave runtime=threads
// Reorder, 5 setters (after the shape of SCTBench's reorder benchmarks; our own code).
// Bug (assertion): each setter writes `a = 1` then `b = -1` with no lock; the checker
// reads `a` and then `b` and expects to see both writes or neither. A checker that runs
// between one setter's two writes sees a = 1, b = 0. The checker starts last, so a
// search that first reorders the 5 setters among themselves reaches it late.
import { spawn, assert } from "interleave";

const SETTERS = 5;

export default function main() {
  let a = 0;
  let b = 0;
  const setter = () => {
    a = 1;
    b = -1;
  };
  const checker = () => {
    const seenA = a;
    const seenB = b;
    assert((seenA === 0 && seenB === 0) || (seenA === 1 && seenB === -1), `checker saw a = ${seenA}, b = ${seenB}`);
  };
  const tasks = [];
  for (let i = 0; i < SETTERS; i++) tasks.push(spawn(setter));
  tasks.push(spawn(checker));
  for (const t of tasks) t.join();
}
