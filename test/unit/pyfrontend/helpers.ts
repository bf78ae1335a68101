/** Runs Python source through the command line in-process, with the Python compiler handed over (vitest cannot `require` it). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { providePythonCompiler } from '../../../src/frontends/index';
import * as python from '../../../src/frontends/python/index';
import { cli, type Captured } from '../cli/helpers';

providePythonCompiler(python);

const dir = mkdtempSync(join(tmpdir(), 'interleave-py-'));
let n = 0;

/** Writes `text` to a fresh `.py` file and returns its path. */
export function pyFile(text: string, name = `p${n++}.py`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export interface PyRun extends Captured {
  makespanMs: number;
  /** The run's log: the text of each `print`, in order. */
  log: string[];
}

/** `interleave run` on the source (or a file path), with its makespan and log picked out. */
export function runPy(textOrPath: string, ...args: string[]): PyRun {
  const path = textOrPath.endsWith('.py') && !textOrPath.includes('\n') ? textOrPath : pyFile(textOrPath);
  const r = cli('run', path, '--json', ...args);
  const doc = r.out ? (JSON.parse(r.out) as { makespan_ns?: number; log?: { text: string }[] }) : {};
  return { ...r, makespanMs: (doc.makespan_ns ?? NaN) / 1e6, log: (doc.log ?? []).map((l) => l.text) };
}

export { cli };
