// label: race pool.done
// why: every worker bumps the pool's done counter with a plain increment, no lock.
import { spawn, Chan, WaitGroup } from "interleave";

class Pool {
  done = 0;
  private jobs = new Chan<number>(2);
  private wg = new WaitGroup();
  run(n: number) {
    for (let w = 0; w < 2; w++) {
      this.wg.add(1);
      spawn(() => { for (const _ of this.jobs.range()) this.done++; this.wg.done(); });
    }
    for (let i = 0; i < n; i++) this.jobs.send(i);
    this.jobs.close();
    this.wg.wait();
  }
}

export default function main() {
  const pool = new Pool();
  pool.run(2);
  return pool.done;
}
