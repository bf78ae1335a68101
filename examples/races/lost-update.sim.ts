// @interleave runtime=threads cores=2
// DEMONSTRATES A BUG: two threads increment a shared counter without a lock.
// finding: data-race, assertion (check)
//
// `hits++` is a read of `hits` followed by a write of the value plus one: two steps,
// with room for the other thread in between. The assertion states the correct total;
// `check` explores the interleavings, finds one where both threads read the same old
// value, and shows it. The race detector marks the `hits++` line.
// The fixed version takes `guard` around the increment: flip `useLock` to true.
import { spawn, Mutex, assert } from "interleave";

const perThread = 100;
const useLock = false;

export default function main() {
  let hits = 0;
  const guard = new Mutex();

  const bump = () => {
    for (let i = 0; i < perThread; i++) {
      if (useLock) guard.lock();
      hits++;                       // read, then write: another thread can run between
      if (useLock) guard.unlock();
    }
  };

  const first = spawn(bump);
  const second = spawn(bump);
  first.join();
  second.join();
  assert(hits === 2 * perThread, `lost update: expected ${2 * perThread}, got ${hits}`);
  return hits;
}
