import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'interleave-hostile-'));

/** Writes `text` to a fresh file named `name` in a temporary folder; returns its path. */
export function hostileFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A crash is a stack trace or an internal error; bad input must never show one. */
export const CRASH = /internal error|\n\s+at .+:\d+:\d+\)?|Converting circular|serialize a BigInt|Maximum call stack/;
