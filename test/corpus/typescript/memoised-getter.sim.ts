// label: race report.cached
// why: the getter checks the cached value and fills it without a lock; two readers race on the field.
import { spawn } from "interleave";

class Report {
  private cached: number | undefined = undefined;
  constructor(private readonly rows: number[]) {}
  get total(): number {
    if (this.cached === undefined) this.cached = this.rows.reduce((a, b) => a + b, 0);
    return this.cached;
  }
}

export default function main() {
  const report = new Report([1, 2, 3]);
  const a = spawn(() => report.total);
  const b = spawn(() => report.total);
  return a.join() + b.join();
}
