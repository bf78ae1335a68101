// label: no race
// why: the queue's array is only touched with the mutex held; the consumer waits on a condition variable.
import { spawn, Mutex, Cond } from "interleave";

class BlockingQueue<T> {
  private mu = new Mutex();
  private nonEmpty = new Cond(this.mu);
  private items: T[] = [];
  put(x: T) {
    this.mu.lock();
    this.items.push(x);
    this.nonEmpty.signal();
    this.mu.unlock();
  }
  take(): T {
    this.mu.lock();
    while (this.items.length === 0) this.nonEmpty.wait();
    const x = this.items.shift()!;
    this.mu.unlock();
    return x;
  }
}

export default function main() {
  const q = new BlockingQueue<number>();
  const c = spawn(() => q.take() + q.take());
  const p = spawn(() => { q.put(1); q.put(2); });
  p.join();
  return c.join();
}
