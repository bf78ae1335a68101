// @interleave runtime=threads
// Wrong lock (after the shape of SCTBench's wronglock; our own code).
// Bug (assertion): the auditor guards `data` with `auditLock`, the three workers with
// `workLock`. The auditor's lock excludes nobody, so a worker's increment can land
// between the auditor's write and its check.
import { spawn, Mutex, assert } from "interleave";

const WORKERS = 3;

export default function main() {
  let data = 0;
  const workLock = new Mutex();
  const auditLock = new Mutex();
  const worker = () => {
    workLock.lock();
    data++;
    workLock.unlock();
  };
  const auditor = () => {
    auditLock.lock();
    data = 100;
    const check = data;
    auditLock.unlock();
    assert(check === 100, `data changed under the auditor's lock: ${check}`);
  };
  const tasks = [spawn(auditor)];
  for (let i = 0; i < WORKERS; i++) tasks.push(spawn(worker));
  for (const t of tasks) t.join();
}
