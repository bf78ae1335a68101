// label: no race
// why: workers update the tally through a locked method; main reads it after the WaitGroup.
import { go, Mutex, WaitGroup } from "interleave";

class Tally {
  private mu = new Mutex();
  private n = 0;
  add(k: number) { this.mu.lock(); this.n += k; this.mu.unlock(); }
  value() { return this.n; }
}

export default function main() {
  const tally = new Tally();
  const wg = new WaitGroup();
  for (let i = 1; i <= 3; i++) {
    wg.add(1);
    go(() => { tally.add(i); wg.done(); });
  }
  wg.wait();
  return tally.value();
}
