import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFile } from '../../../src/service/index';

/**
 * Issue 16 item 11: a report exported from the editor is shared (a CI artefact, a mail), so
 * it names the file and its findings' places as the workspace does, never by the absolute
 * path of the machine that wrote it.
 */
describe('an exported report names files as the workspace does', () => {
  const shown = 'examples/races/lost-update.sim.ts';
  const file = resolve(shown);
  const text = readFileSync(file, 'utf8');

  for (const format of ['html', 'markdown'] as const) {
    it(`${format}: no absolute path, and the race's place as examples/races/lost-update.sim.ts:line:column`, () => {
      const out = exportFile({ file, text, format, displayFile: shown, explore: { schedules: 200 } });
      expect(out.errors).toEqual([]);
      expect(out.text).toBeDefined();
      expect(out.text!).not.toContain(resolve('.'));
      expect(out.text!).toMatch(/examples\/races\/lost-update\.sim\.ts:\d+:\d+/);
      // Without a display name (the command line), the path is the one given.
      const plain = exportFile({ file, text, format, explore: { schedules: 200 } });
      expect(plain.text!).toContain(`${file}:`);
    });
  }
});
