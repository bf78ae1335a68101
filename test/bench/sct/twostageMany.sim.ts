// @interleave runtime=threads
// Two-stage update with 4 writers and 2 readers (after SCTBench's twostage_100; our own code).
// Bug (assertion): as in twostage.sim.ts, each writer releases the first lock before it
// derives `second` from `first`; a reader between the two stages sees them disagree.
// The extra writers give a depth-first search many harmless orders to try first.
import { spawn, Mutex, assert } from "interleave";

const WRITERS = 4;
const READERS = 2;

export default function main() {
  let first = 0;
  let second = 0;
  const firstLock = new Mutex();
  const secondLock = new Mutex();
  const writer = () => {
    firstLock.lock();
    first = 1;
    firstLock.unlock();
    secondLock.lock();
    second = first + 1;
    secondLock.unlock();
  };
  const reader = () => {
    firstLock.lock();
    const seen = first;
    firstLock.unlock();
    if (seen !== 0) {
      secondLock.lock();
      assert(second === seen + 1, `second stage not done: first = ${seen}, second = ${second}`);
      secondLock.unlock();
    }
  };
  const tasks = [];
  for (let i = 0; i < WRITERS; i++) tasks.push(spawn(writer));
  for (let i = 0; i < READERS; i++) tasks.push(spawn(reader));
  for (const t of tasks) t.join();
}
