import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conceptLabel, parseConceptIndex } from '../../../src/extension/conceptIndex';
import { filesUnder } from '../../shared/files';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

function exampleFiles(dir: string): string[] {
  // Go test files are entry points of `check`, not examples of their own.
  return filesUnder(dir, (name) => /\.(scenario\.ya?ml|sim\.ts|py|go)$/.test(name) && !name.endsWith('_test.go')).map((path) => relative(EXAMPLES, path));
}

describe('the concept library (examples/README.md)', () => {
  const concepts = parseConceptIndex(readFileSync(join(EXAMPLES, 'README.md'), 'utf8'));

  it('lists every example file once, and every file it lists exists', () => {
    const listed = concepts.map((c) => c.file);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(exampleFiles(EXAMPLES).sort());
    for (const file of listed) expect(existsSync(join(EXAMPLES, file)), file).toBe(true);
  });

  it('keeps each row under its section, with what it shows', () => {
    const falseSharing = concepts.find((c) => c.file === 'caches/false-sharing.scenario.yaml');
    expect(falseSharing?.section).toBe('Hardware: SMT and caches');
    expect(falseSharing?.shows).toMatch(/64-byte line/);
    expect(falseSharing?.lookAt).toBe('cache-line transfers');
    expect(concepts.every((c) => c.section !== '' && c.shows !== '')).toBe(true);
  });

  it('lists each entry by its topic folder and its name in words, so "false sharing" and "gil" find theirs', () => {
    expect(conceptLabel('caches/false-sharing.scenario.yaml')).toBe('caches: false sharing');
    expect(conceptLabel('gil/cpu-threads-serialised.scenario.yaml')).toBe('gil: cpu threads serialised');
    expect(conceptLabel('go/racy-count/main.go')).toBe('go: racy count');
    expect(conceptLabel('python/timed-lock.py')).toBe('python: timed lock');
    expect(conceptLabel('deadlock/two-mutexes.sim.ts')).toBe('deadlock: two mutexes (TypeScript)');
    expect(conceptLabel('async/lost-update-await.py')).toBe('async: lost update await (Python)');
    const labels = concepts.map((c) => conceptLabel(c.file));
    expect(new Set(labels).size, 'two entries would read the same').toBe(labels.length);
    expect(labels.filter((l) => l.includes('false sharing'))).toEqual(['caches: false sharing']);
  });

  it('reads escaped pipes inside a cell and skips tables of other things', () => {
    const parsed = parseConceptIndex([
      '## A', '', '| file | shows |', '|---|---|', '| `a/x.scenario.yaml` | one \\| two | there |',
      '| `go/prog` | `a/x.scenario.yaml` |', '| not code | y |',
    ].join('\n'));
    expect(parsed).toEqual([{ section: 'A', file: 'a/x.scenario.yaml', shows: 'one | two', lookAt: 'there' }]);
  });
});
