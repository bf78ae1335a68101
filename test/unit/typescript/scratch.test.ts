import { test } from 'vitest';
import { compileTypeScript } from '../../../src/frontends/typescript';
import { explore } from '../../../src/core/explore';
import '../../../src/core';
test('e2e', () => {
  const src = `// @interleave runtime=go gomaxprocs=2 cores=2
import { go, WaitGroup } from "interleave";

export default function main() {
  let counter = 0;
  const wg = new WaitGroup();
  wg.add(2);
  for (let i = 0; i < 2; i++) {
    go(() => {
      for (let j = 0; j < 1000; j++) counter++;   // data race: flagged on this line
      wg.done();
    });
  }
  wg.wait();
  return counter;                                  // the run reports the returned value
}
`;
  const r = compileTypeScript(src, 'counter.sim.ts');
  const t = Date.now();
  const res = explore(r.program!, { maxSchedules: 50 });
  console.log(Date.now() - t, res.schedules, res.complete, res.stats.errors, res.findings.map(f => f.kind + ' ' + f.message + ' ' + JSON.stringify(f.at)));
});
