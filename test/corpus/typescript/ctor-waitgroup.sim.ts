// label: no race
// why: the constructor starts one worker per slot, each writing only its own element, and waits on a WaitGroup for all of them before it returns; main reads the results after new returns, so every write happens before every read.
import { go, WaitGroup } from "interleave";

class Squares {
  readonly results: number[];
  constructor(n: number) {
    this.results = new Array<number>(n).fill(0);
    const wg = new WaitGroup();
    wg.add(n);
    for (let i = 0; i < n; i++) {
      go(() => {
        this.results[i] = i * i;
        wg.done();
      });
    }
    wg.wait();
  }
}

export default function main() {
  const s = new Squares(3);
  return s.results.join(",");
}
