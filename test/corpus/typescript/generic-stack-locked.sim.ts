// label: no race
// why: the stack's operations hold its mutex.
import { spawn, Mutex } from "interleave";

class SyncStack<T> {
  #mu = new Mutex();
  #items: T[] = [];
  push(x: T) { this.#mu.lock(); this.#items.push(x); this.#mu.unlock(); }
  pop(): T | undefined { this.#mu.lock(); const x = this.#items.pop(); this.#mu.unlock(); return x; }
}

export default function main() {
  const stack = new SyncStack<string>();
  const a = spawn(() => stack.push("a"));
  const b = spawn(() => stack.push("b"));
  a.join();
  b.join();
  return stack.pop();
}
