// @interleave runtime=threads
// A bounded queue whose dequeue forgot the lock (after SCTBench's queue/stack; our own code).
// The producer enqueues 1, 2, 3 under the lock; two consumers each dequeue once.
// Bug (assertion): dequeue reads `head` and `count` without the lock, so both consumers
// can take the same slot and one item is received twice.
import { spawn, Mutex, assert } from "interleave";

export default function main() {
  const slots = [0, 0, 0, 0];
  let head = 0;
  let count = 0;
  const lock = new Mutex();
  const enqueue = (v: number) => {
    lock.lock();
    slots[(head + count) % slots.length] = v;
    count++;
    lock.unlock();
  };
  const dequeue = (): number => {
    if (count === 0) return 0;
    const v = slots[head];
    head = (head + 1) % slots.length;
    count--;
    return v;
  };
  const producer = spawn(() => { enqueue(1); enqueue(2); enqueue(3); });
  const c1 = spawn(dequeue);
  const c2 = spawn(dequeue);
  producer.join();
  const got1 = c1.join();
  const got2 = c2.join();
  assert(got1 === 0 || got1 !== got2, `item ${got1} was dequeued twice`);
}
