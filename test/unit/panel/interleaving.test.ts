/**
 * Issue 16 item 3: "Show the interleaving" on a race shows the proving interleaving itself:
 * the untimed steps in order on task lanes, the two racing accesses marked and linked to
 * their lines, beside the timed run steered towards it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFile, panelLoad } from '../../../src/service/index';
import { isHostMessage } from '../../../src/protocol/panelGuards';

describe('the panel for a finding\'s schedule', () => {
  for (const file of ['examples/races/lost-update.sim.ts', 'examples/go/racy-count/main.go']) {
    it(`${file}: the load carries the explored steps, with the race's two accesses marked on two tasks at the finding's lines`, async () => {
      const text = readFileSync(file, 'utf8');
      const checked = await checkFile({ file, text, schedules: 300 });
      const race = checked.findings.find((f) => f.kind === 'data-race');
      expect(race?.schedule).toBeDefined();
      const answer = await panelLoad({ file, text, schedule: race!.schedule! });
      const it = answer.load.interleaving;
      expect(it).toBeDefined();
      expect(isHostMessage(answer.load)).toBe(true);
      expect(it!.steps.length).toBeGreaterThan(2);
      expect(it!.finding).toMatch(/^data-race: /);
      const marked = it!.steps.filter((s) => s.mark);
      expect(marked).toHaveLength(2);
      expect(marked[0].task).not.toBe(marked[1].task);
      const lines = new Set([race!.at.line, ...race!.related.map((r) => r.at.line)]);
      for (const m of marked) {
        expect(m.at).toBeDefined();
        expect(lines.has(m.at!.line)).toBe(true);
      }
      // Steps read as sentences naming their task, in one of the task columns.
      for (const s of it!.steps) {
        expect(s.task).toBeLessThan(it!.tasks.length);
        expect(s.text).toContain(it!.tasks[s.task].split(' ')[0]);
      }
      expect(it!.timed).toMatch(/timed run steered towards it/);
    });
  }

  it('a run asked for without a schedule has no interleaving', async () => {
    const file = 'examples/races/lost-update.sim.ts';
    const answer = await panelLoad({ file, text: readFileSync(file, 'utf8') });
    expect(answer.load.interleaving).toBeUndefined();
  });
});
