// label: race stack.items[*]
// why: two tasks push onto the same generic stack with no lock.
import { spawn } from "interleave";

class Stack<T> {
  items: T[] = [];
  push(x: T) { this.items.push(x); }
  pop(): T | undefined { return this.items.pop(); }
}

export default function main() {
  const stack = new Stack<string>();
  const a = spawn(() => stack.push("a"));
  const b = spawn(() => stack.push("b"));
  a.join();
  b.join();
  return stack.pop();
}
