// label: no race
// why: jobs go through a channel, each worker writes only its job's slot of a pre-sized results array, and main reads after the WaitGroup.
import { spawn, Chan, WaitGroup } from "interleave";

class Pool {
  private jobs = new Chan<number>(4);
  private wg = new WaitGroup();
  readonly results = [0, 0, 0, 0];
  start(workers: number) {
    for (let w = 0; w < workers; w++) {
      this.wg.add(1);
      spawn(() => this.work());
    }
  }
  private work() {
    for (const i of this.jobs.range()) this.results[i] = i * i;
    this.wg.done();
  }
  submit(i: number) { this.jobs.send(i); }
  finish() { this.jobs.close(); this.wg.wait(); }
}

export default function main() {
  const pool = new Pool();
  pool.start(2);
  for (let i = 0; i < 4; i++) pool.submit(i);
  pool.finish();
  return pool.results.reduce((a, b) => a + b, 0);
}
