/**
 * `interleave run` no longer traces the run as written only to look for starvation and
 * priority inversion: it watches the run (core trace/waits.ts) and traces it again only
 * when such a finding is possible. What it reports must not change: on every scenario in
 * examples/, the run without a trace asked for reports the same findings as the traced
 * run, and the watch's longest runnable wait is the one the trace's intervals show.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mayHaveTimedFindings, simulate, taskIntervals, timedFindings, type RunResult } from '../../../src/core';
import { watchedWaits } from '../../../src/core/trace/waits';
import { parseScenario } from '../../../src/frontends/scenario/index';
import { runProgram } from '../../../src/service/runs';
import { scenarioFiles } from '../../shared/files';

const ROOT = join(__dirname, '../../../examples');


const shown = (r: RunResult) => r.findings.map((f) => `${f.kind} ${f.at.line}:${f.at.column} ${f.message}`);

describe('a run watched instead of traced reports what the traced run reports', () => {
  const files = scenarioFiles(ROOT);
  it('covers the timed findings: starvation and priority inversion examples are among the files', () => {
    expect(files.some((f) => f.includes('starvation'))).toBe(true);
    expect(files.some((f) => f.includes('priority-inversion'))).toBe(true);
  });
  for (const file of files) {
    const name = file.slice(ROOT.length + 1);
    it(name, () => {
      const { program } = parseScenario(readFileSync(file, 'utf8'), file);
      if (!program) return; // a file that shows an input error is examples.test.ts's
      const watched = runProgram(program, { set: {}, noSweep: true }).result;
      const traced = runProgram(program, { set: {}, noSweep: true, trace: true }).result;
      expect(shown(watched)).toEqual(shown(traced));
      expect(watched.trace).toBeUndefined();

      // The watch's own answer against the trace's intervals, on the same run.
      const w = simulate(program, { mode: 'timed', watchWaits: true });
      const t = simulate(program, { mode: 'timed', trace: true });
      const longest = taskIntervals(t).filter((iv) => iv.state === 'runnable').reduce((m, iv) => Math.max(m, iv.end - iv.start), 0);
      expect(watchedWaits(w)?.longestRunnableNs).toBe(longest);
      if (timedFindings(t).length > 0) expect(mayHaveTimedFindings(w)).toBe(true);
    });
  }
});
