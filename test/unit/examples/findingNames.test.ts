/**
 * Names in findings are the run's names (issue 22, item 6): every task a finding names as
 * `T2 (transfer_ab#1)` or `G7 (worker#3)` is that task in the schedule the finding carries
 * (the same label with the same name), so a deadlock and a lock-order finding of one run
 * name the same tasks, and nothing internal (`main.func1#1`, a raw task index) leaks in.
 * Every example that demonstrates a bug is checked, with the findings `check` reports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core';
import { explore } from '../../../src/core/explore';
import { compileSource } from '../../../src/frontends/index';

const ROOT = join(__dirname, '../../../examples');

function bugExamples(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return bugExamples(p);
    return /\.(scenario\.yaml|sim\.ts)$/.test(e.name) && /DEMONSTRATES A BUG/.test(readFileSync(p, 'utf8')) ? [p] : [];
  }).sort();
}

/** `T2 (transfer_ab#1)`: a label and the name in parentheses after it. */
const NAMED = /\b([TGP]\d+) \(([^()]+)\)/g;

describe('every task a finding names is that task in the finding\'s schedule', () => {
  const files = bugExamples(ROOT);
  it('finds the bug examples', () => expect(files.length).toBeGreaterThanOrEqual(8));

  for (const file of files) {
    it(relative(ROOT, file), () => {
      const c = compileSource(readFileSync(file, 'utf8'), file);
      expect(c.errors).toEqual([]);
      const r = explore(c.program!, { strategy: 'dpor', maxSchedules: 60, timeLimitMs: 20_000 });
      const timed = simulate(c.program!, { mode: 'timed' });
      for (const f of [...r.findings, ...timed.findings]) {
        const run = f.schedule && r.findings.includes(f) ? simulate(c.program!, { mode: 'untimed', schedule: f.schedule }) : timed;
        const names = new Map(run.tasks.map((t) => [t.id, t.name]));
        const texts = [f.message, ...f.related.map((x) => x.message)].join('\n');
        for (const m of texts.matchAll(NAMED)) {
          if (!names.has(m[1])) continue; // a P or M of the Go scheduler, not a task
          expect(`${m[1]} (${m[2]})`, `${f.kind}: ${f.message}`).toBe(`${m[1]} (${names.get(m[1])})`);
        }
        // Labels alone (`T3 takes \`b\``) name tasks of this run too.
        for (const m of texts.matchAll(/\b([TG]\d+)\b/g)) expect([...names.keys()], `${f.kind}: ${f.message}`).toContain(m[1]);
        expect(texts, 'no compiler-made names').not.toMatch(/\bmain\.func\d|\btask \d+\b/);
      }
    });
  }
});
