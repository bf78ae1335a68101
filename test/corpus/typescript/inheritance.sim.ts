// label: race c.value
// why: the subclass's method calls the base method, which increments a field; two tasks do so with no lock.
import { spawn } from "interleave";

class Counter {
  value = 0;
  inc() { this.value++; }
}

class LoudCounter extends Counter {
  override inc() { super.inc(); }
}

export default function main() {
  const c = new LoudCounter();
  const a = spawn(() => c.inc());
  const b = spawn(() => c.inc());
  a.join();
  b.join();
  return c.value;
}
