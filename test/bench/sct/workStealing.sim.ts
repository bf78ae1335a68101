// @interleave runtime=threads
// Work-stealing deque (after the shape of SCTBench's wsq; our own code, Chase-Lev style).
// The owner pushes and pops at the bottom; a thief steals at the top with a
// compare-and-swap retry loop. Bug (assertion): when one item is left (top == bottom
// after the owner's decrement), the owner must race the thief for it with a CAS on
// `top`; this owner checks `top` and then stores `top + 1` as two steps, so a thief's CAS
// can land between them and the owner and the thief both take item 0.
import { spawn, AtomicInt, Mutex, assert } from "interleave";

export default function main() {
  const items = [0, 0, 0, 0];
  const taken = [0, 0, 0, 0];
  let bottom = 0;
  const top = new AtomicInt(0);
  const books = new Mutex();
  const take = (item: number) => {
    books.lock();
    taken[item]++;
    books.unlock();
  };
  const push = (item: number) => {
    const b = bottom;
    items[b] = item;
    bottom = b + 1;
  };
  const pop = () => {
    const b = bottom - 1;
    bottom = b;
    const t = top.load();
    if (t > b) {
      bottom = t;                    // empty
      return;
    }
    const item = items[b];
    if (t === b) {
      top.store(t + 1);              // the last item: a correct deque would top.cas(t, t + 1) and give up on failure
      bottom = t + 1;
    }
    take(item);
  };
  const steal = () => {
    for (;;) {
      const t = top.load();
      const b = bottom;
      if (t >= b) return;
      const item = items[t];
      if (top.cas(t, t + 1)) {
        take(item);
        return;
      }
    }
  };
  const owner = () => {
    push(0);
    push(1);
    pop();
    pop();
  };
  const o = spawn(owner);
  const thief = spawn(steal);
  o.join();
  thief.join();
  for (let i = 0; i < taken.length; i++) assert(taken[i] <= 1, `item ${i} taken ${taken[i]} times`);
}
