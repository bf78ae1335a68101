import { describe, expect, it } from 'vitest';
import { fileKindOf } from '../../../src/extension/lens/fileKind';
import { lensLines } from '../../../src/service/files';
import { compareMarkdown, parseSettingValue, statusText } from '../../../src/extension/lens/summaries';
import type { RunFileResult } from '../../../src/protocol/fileWork';

describe('where the CodeLens row goes', () => {
  it('above a scenario\'s top-level `name:`, not a nested one', () => {
    expect(lensLines('# comment\nvars: { x: 0 }\nname: demo\ntasks:\n  main:\n    - go: w\n      name: worker\n', 'scenario')).toEqual([2]);
    expect(lensLines('tasks: {}\n', 'scenario')).toEqual([0]);
  });

  it('above `main` in a .sim.ts file', () => {
    expect(lensLines('import { go } from "interleave";\n\nexport default function main() {\n}\n', 'typescript')).toEqual([2]);
    expect(lensLines('function helper() {}\nexport function main(): void {}\n', 'typescript')).toEqual([1]);
    expect(lensLines('const x = 1;\n', 'typescript')).toEqual([]);
  });
});

describe('file kinds', () => {
  it('by name, and by an @interleave first comment for plain .ts', () => {
    expect(fileKindOf('/a/b.scenario.yaml', '')).toBe('scenario');
    expect(fileKindOf('/a/b.scenario.yml', '')).toBe('scenario');
    expect(fileKindOf('/a/b.sim.ts', '')).toBe('typescript');
    expect(fileKindOf('/a/b.ts', '// @interleave cores=2\n')).toBe('typescript');
    expect(fileKindOf('/a/b.ts', 'const x = 1; // @interleave\n')).toBeUndefined();
    expect(fileKindOf('/a/b.yaml', '')).toBeUndefined();
  });
});

describe('summaries', () => {
  const run = (makespanNs: number, cores: number): RunFileResult => ({
    errors: [], makespanNs, findings: [], stopped: 'finished', contextSwitches: 3, log: [],
    configSummary: `${cores} cores × 1 hardware thread, threads, fair policy`,
    tasks: [{ id: 'T1', name: 'main', kind: 'thread', start_ns: 0, end_ns: makespanNs, running_ns: makespanNs, runnable_ns: 0, blocked_ns: 0 }],
  });

  it('the status bar says makespan, findings and schedules', () => {
    expect(statusText({ makespanNs: 1_500_000, findings: 2, schedules: 200 })).toBe('$(warning) 1.5 ms · 2 findings · 200 schedules');
    expect(statusText({ makespanNs: 1000, findings: 0, schedules: 5, complete: true })).toBe('$(pulse) 1 µs · 0 findings · 5 schedules (all)');
    expect(statusText({ findings: 0, errors: 1 })).toBe('$(error) Interleave: 1 input error');
  });

  it('compare puts the two runs side by side with the makespan ratio', () => {
    const md = compareMarkdown('a.scenario.yaml', 'machine.cores', { label: '1', result: run(4e6, 1) }, { label: '4', result: run(1e6, 4) });
    expect(md).toContain('| makespan | 4 ms | 1 ms |');
    expect(md).toContain('Makespan ratio 4 / 1: 0.25×');
    expect(md).toContain('| T1 main | 4 ms → 1 ms |');
  });

  it('typed setting values become numbers when they are numbers', () => {
    expect(parseSettingValue(' 4 ')).toBe(4);
    expect(parseSettingValue('fifo')).toBe('fifo');
  });
});
