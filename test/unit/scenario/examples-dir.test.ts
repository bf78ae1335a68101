/** Every scenario under examples/ must parse: they are what people open first. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../../src/core/findings';
import { parseScenario } from '../../../src/frontends/scenario/index';

const ROOT = join(__dirname, '../../..');

function scenarios(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...scenarios(path));
    else if (/\.scenario\.ya?ml$/.test(name)) out.push(path);
  }
  return out.sort();
}

describe('examples/**/*.scenario.yaml', () => {
  const files = scenarios(join(ROOT, 'examples'));
  it('exist', () => expect(files.length).toBeGreaterThan(0));
  for (const path of files) {
    const file = relative(ROOT, path);
    it(`${file} parses`, () => {
      const r = parseScenario(readFileSync(path, 'utf8'), file);
      expect(r.errors.map(formatInputError)).toEqual([]);
      expect(r.program?.name.length).toBeGreaterThan(0);
    });
  }
});
