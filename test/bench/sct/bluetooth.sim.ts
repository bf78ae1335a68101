// @interleave runtime=threads
// A driver's stop flag (after the shape of SCTBench's bluetooth_driver; our own code).
// I/O requests count themselves in `pendingIo` (the driver holds one reference itself);
// the stopper raises `stopping`, drops the driver's reference, waits until the count
// reaches zero and marks the driver stopped. Bug (assertion): a request checks
// `stopping` and only then increments `pendingIo`; the stopper can finish in between,
// and the request then works on a stopped driver.
import { spawn, Mutex, Semaphore, assert } from "interleave";

export default function main() {
  let pendingIo = 1;
  let stopping = false;
  let stopped = false;
  const lock = new Mutex();
  const drained = new Semaphore(0);
  const release = () => {
    lock.lock();
    pendingIo--;
    const last = pendingIo === 0;
    lock.unlock();
    if (last) drained.release();
  };
  const request = () => {
    if (stopping) return;
    lock.lock();
    pendingIo++;
    lock.unlock();
    assert(!stopped, "an I/O request ran on a stopped driver");
    release();
  };
  const stopper = () => {
    stopping = true;
    release();
    drained.acquire();
    stopped = true;
  };
  const tasks = [spawn(request), spawn(stopper)];
  for (const t of tasks) t.join();
}
