// @interleave runtime=threads
// Two-stage update (after the shape of SCTBench's twostage; our own code).
// Bug (assertion): the writer fills `first` under one lock and `second = first + 1`
// under another, releasing the first lock in between. A reader that takes both locks in
// turn can see `first` set and `second` not yet derived from it.
import { spawn, Mutex, assert } from "interleave";

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
  const w = spawn(writer);
  const r = spawn(reader);
  w.join();
  r.join();
}
