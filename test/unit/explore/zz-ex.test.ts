import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import '../../../src/core';
import { explore } from '../../../src/core/explore';
import { parseScenario } from '../../../src/frontends/scenario';
it('examples', () => {
  const files = execSync('find examples -name "*.scenario.yaml"').toString().trim().split('\n');
  for (const f of files) {
    const p = parseScenario(readFileSync(f, 'utf8'), f);
    if (!p.program) { console.log('PARSE', f, p.errors[0]?.message); continue; }
    const t0 = performance.now();
    const r = explore(p.program, { maxSchedules: 200, timeLimitMs: 5000 });
    console.log(`${f}: ${r.schedules} sched ${r.complete ? 'complete' : r.stats.stoppedBy} ${(performance.now() - t0).toFixed(0)}ms steps=${r.stats.steps} ${[...new Set(r.findings.map((x) => x.kind))].join(',')} ${r.stats.errors.join(';').slice(0, 100)}`);
  }
}, 600_000);
