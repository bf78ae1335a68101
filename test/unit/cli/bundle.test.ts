/** The real bundle, as a user runs it: `node dist/cli.js ...`, built here into a temp dir. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, GOLDEN, ROOT } from './helpers';

let cliJs = '';

beforeAll(async () => {
  cliJs = join(mkdtempSync(join(tmpdir(), 'interleave-cli-')), 'cli.js');
  await build({
    entryPoints: [join(ROOT, 'src/cli/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    outfile: cliJs, banner: { js: '#!/usr/bin/env node' }, logLevel: 'silent',
  });
});

function node(...args: string[]) {
  return spawnSync(process.execPath, [cliJs, ...args], { encoding: 'utf8' });
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
});
