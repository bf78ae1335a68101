// label: race x
// why: main sends a closure that increments x to a worker, then increments x itself without waiting for the worker.
import { spawn, Chan } from "interleave";

export default function main() {
  let x = 0;
  const work = new Chan<() => void>(1);
  const t = spawn(() => { const job = work.recv(); job(); });
  work.send(() => { x++; });
  x++;
  t.join();
  return x;
}
