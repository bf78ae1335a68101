// label: race stats.count
// why: the object literal's method increments its own field; two tasks call it with no lock.
import { spawn } from "interleave";

const stats = {
  count: 0,
  hit() { this.count++; },
};

export default function main() {
  const t = spawn(() => stats.hit());
  stats.hit();
  t.join();
  return stats.count;
}
