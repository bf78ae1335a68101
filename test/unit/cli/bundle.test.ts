/** The real bundle, as a user runs it: `node dist/cli.js ...`, built here into a temp dir. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli } from './builtCli';
import { FIXTURES, GOLDEN, ROOT } from './helpers';

let cliJs = '';

// Building the bundle takes seconds; on a loaded machine more than the default 10 s.
beforeAll(async () => {
  cliJs = await buildCli();
}, 120_000);

function node(...args: string[]) {
  return runCli(cliJs, args);
}

describe('node dist/cli.js', () => {
  it('exit 0, 1 and 2, with JSON on stdout and errors on stderr', () => {
    const ok = node('run', join(GOLDEN, 'mutex-counter.scenario.yaml'), '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).finals).toEqual({ counter: 2000 });
    const findings = node('run', join(GOLDEN, 'lock-order-deadlock.scenario.yaml'));
    expect(findings.status).toBe(1);
    const bad = node('run', join(FIXTURES, 'unknown-method.scenario.yaml'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown-method\.scenario\.yaml:5:7: error: /);
    expect(node('--help').status).toBe(0);
  });

  it('loads the TypeScript front end on first use and checks a .sim.ts file', () => {
    const r = node('check', join(ROOT, 'examples/races/lost-update.sim.ts'), '--format', 'json', '--schedules', '50');
    expect(r.status, r.stderr).toBe(1);
    const findings = JSON.parse(r.stdout).files[0].findings as { kind: string; line: number }[];
    expect(findings.some((f) => f.kind === 'data-race' && f.line === 22)).toBe(true);
  });
});
