/** Every scenario under examples/ must parse: they are what people open first. */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../../src/core/findings';
import { parseScenario } from '../../../src/frontends/scenario/index';
import { scenarioFiles } from '../../shared/files';

const ROOT = join(__dirname, '../../..');


describe('examples/**/*.scenario.yaml', () => {
  const files = scenarioFiles(join(ROOT, 'examples'));
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
