// label: no race
// why: the factory's closures share the counter and the mutex they capture, and take the mutex around the update.
import { spawn, Mutex } from "interleave";

function makeCounter() {
  let count = 0;
  const mu = new Mutex();
  return {
    inc: () => { mu.lock(); count++; mu.unlock(); },
    get: () => { mu.lock(); const c = count; mu.unlock(); return c; },
  };
}

export default function main() {
  const c = makeCounter();
  const a = spawn(c.inc);
  const b = spawn(c.inc);
  a.join();
  b.join();
  return c.get();
}
