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
    if (!p.program) { process.stdout.write(`PARSE ${f} ${p.errors[0]?.message}\n`); continue; }
    const t0 = performance.now();
    const r = explore(p.program, { maxSchedules: 100, timeLimitMs: 3000 });
    process.stdout.write(`${f}: ${r.schedules} sched ${r.complete ? 'complete' : r.stats.stoppedBy} ${(performance.now() - t0).toFixed(0)}ms steps=${r.stats.steps} min=${r.stats.minimiseSchedules} ${[...new Set(r.findings.map((x) => x.kind))].join(',')} ${r.stats.errors.join(';').slice(0, 100)}\n`);
  }
}, 900_000);
