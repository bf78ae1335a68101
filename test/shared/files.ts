/** The example and corpus files the tests and the bench walk: every file below a folder whose name matches, sorted. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's examples folder. */
export const EXAMPLES = join(__dirname, '..', '..', 'examples');

export function filesUnder(dir: string, matches: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (matches(name)) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** Every scenario file below `dir`. */
export function scenarioFiles(dir = EXAMPLES): string[] {
  return filesUnder(dir, (name) => /\.scenario\.ya?ml$/.test(name));
}
