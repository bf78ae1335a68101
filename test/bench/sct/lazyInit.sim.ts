// @interleave runtime=threads
// Lazy initialisation with double-checked locking (our own code).
// Bug (assertion): the initialiser raises `ready` before it writes `config`. A second
// caller that sees `ready` skips the lock and reads `config` still 0.
import { spawn, Mutex, assert } from "interleave";

const CALLERS = 3;

export default function main() {
  let ready = false;
  let config = 0;
  const lock = new Mutex();
  const getConfig = () => {
    if (!ready) {
      lock.lock();
      if (!ready) {
        ready = true;
        config = 42;
      }
      lock.unlock();
    }
    assert(config === 42, `config read before it was set: ${config}`);
  };
  const tasks = [];
  for (let i = 0; i < CALLERS; i++) tasks.push(spawn(getConfig));
  for (const t of tasks) t.join();
}
