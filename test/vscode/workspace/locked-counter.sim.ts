// A .sim.ts file in the test workspace: the extension warms the worker's TypeScript compiler at start-up (activation.test.ts).
import { spawn, Mutex } from "interleave";

let count = 0;
const mu = new Mutex();

export default function main(): number {
  const bump = () => { mu.lock(); count++; mu.unlock(); };
  const a = spawn(bump);
  const b = spawn(bump);
  a.join();
  b.join();
  return count;
}
