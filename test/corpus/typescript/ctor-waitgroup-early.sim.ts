// label: race squares.results
// why: the constructor starts the workers but returns without waiting on the WaitGroup; main reads the results while the workers may still be writing them.
import { go, WaitGroup } from "interleave";

class Squares {
  readonly results: number[];
  readonly wg = new WaitGroup();
  constructor(n: number) {
    this.results = new Array<number>(n).fill(0);
    this.wg.add(n);
    for (let i = 0; i < n; i++) {
      go(() => {
        this.results[i] = i * i;
        this.wg.done();
      });
    }
  }
}

export default function main() {
  const s = new Squares(3);
  const out = s.results.join(",");
  s.wg.wait();
  return out;
}
