// label: no race
// why: the memoised value is computed inside once.do, which orders the computation before every later read.
import { spawn, Once } from "interleave";

class Report {
  private once = new Once();
  private cached = 0;
  constructor(private readonly rows: number[]) {}
  get total(): number {
    this.once.do(() => { this.cached = this.rows.reduce((a, b) => a + b, 0); });
    return this.cached;
  }
}

export default function main() {
  const report = new Report([1, 2, 3]);
  const a = spawn(() => report.total);
  const b = spawn(() => report.total);
  return a.join() + b.join();
}
