import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConceptIndex } from '../../../src/extension/conceptIndex';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

function exampleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return exampleFiles(path);
    // Go test files are entry points of `check`, not examples of their own.
    return /\.(scenario\.ya?ml|sim\.ts|py|go)$/.test(name) && !name.endsWith('_test.go') ? [relative(EXAMPLES, path)] : [];
  });
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

  it('reads escaped pipes inside a cell and skips tables of other things', () => {
    const parsed = parseConceptIndex([
      '## A', '', '| file | shows |', '|---|---|', '| `a/x.scenario.yaml` | one \\| two | there |',
      '| `go/prog` | `a/x.scenario.yaml` |', '| not code | y |',
    ].join('\n'));
    expect(parsed).toEqual([{ section: 'A', file: 'a/x.scenario.yaml', shows: 'one | two', lookAt: 'there' }]);
  });
});
