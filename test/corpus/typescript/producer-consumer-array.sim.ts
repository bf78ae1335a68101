// label: race queue.items[*]
// why: the producer pushes and the consumer shifts the same array with no lock.
import { spawn, gosched } from "interleave";

class Queue {
  items: number[] = [];
  put(x: number) { this.items.push(x); }
  take(): number | undefined { return this.items.shift(); }
}

export default function main() {
  const queue = new Queue();
  const p = spawn(() => { queue.put(1); queue.put(2); });
  let got = 0;
  const c = spawn(() => { for (let i = 0; i < 2; i++) { const v = queue.take(); if (v !== undefined) got += v; gosched(); } });
  p.join();
  c.join();
  return got;
}
