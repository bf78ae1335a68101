// label: race c.n
// why: a class written as an expression has simulated methods too; two tasks increment the same field.
import { spawn } from 'interleave';
const Counter = class { n = 0; inc() { this.n++; } };
export default function main() {
  const c = new Counter();
  const a = spawn(() => c.inc()); const b = spawn(() => c.inc());
  a.join(); b.join();
}
