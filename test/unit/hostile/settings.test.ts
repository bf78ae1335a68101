import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/config';
import { parseScenario } from '../../../src/frontends/scenario';
import { cli, ROOT } from '../cli/helpers';
import { CRASH, hostileFile } from './helpers';

const LOST_UPDATE_TS = join(ROOT, 'examples/races/lost-update.sim.ts');
const LOST_UPDATE_YAML = join(ROOT, 'examples/races/lost-update.scenario.yaml');
const BODY = `import { go } from 'interleave';\nexport default function main() { let x = 0; go(() => { x++; }); }\n`;

describe('size settings out of range are input errors from every source', () => {
  it('a `// @interleave` header names file:line:column', () => {
    for (const [setting, message] of [
      ['cores=1000000000', '`cores` must be between 1 and 1024, got 1000000000'],
      ['smt=64', '`smt` must be between 1 and 8, got 64'],
      ['gomaxprocs=100000 runtime=go', '`gomaxprocs` must be between 1 and 1024, got 100000'],
      ['cores=2.5', '`cores` must be a whole number, got 2.5'],
    ]) {
      const file = hostileFile('header.sim.ts', `// @interleave ${setting}\n${BODY}`);
      const r = cli('run', file);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${file}:1:16: error: @interleave header: ${message}`);
      expect(r.err).not.toMatch(CRASH);
    }
  });

  it('`export const config` names its line', () => {
    const file = hostileFile('config.sim.ts', `${BODY}export const config = {\n  machine: { cores: 1000000000 },\n};\n`);
    const r = cli('check', file);
    expect(r.code).toBe(2);
    expect(r.out + r.err).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: error: config: \`cores\` must be between 1 and 1024, got 1000000000`));
  });

  it('--set is a usage error, for run and export', () => {
    for (const argv of [
      ['run', LOST_UPDATE_TS, '--set', 'machine.cores=1000000000'],
      ['run', LOST_UPDATE_YAML, '--set', 'runtime.gomaxprocs=5000'],
      ['export', LOST_UPDATE_TS, '--format', 'markdown', '--set', 'machine.smt=9'],
    ]) {
      const r = cli(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--set machine\.cores: must be between 1 and 1024, got 1000000000|--set runtime\.gomaxprocs: must be between 1 and 1024, got 5000|--set machine\.smt: must be between 1 and 8, got 9/);
      expect(r.err).toMatch(/\nusage: interleave /);
    }
  });

  it('a scenario file names line and column, in the settings and in a sweep', () => {
    const yaml = (extra: string) => `name: x\n${extra}\ntasks:\n  main:\n    - compute: 1ms\n`;
    const cores = parseScenario(yaml('machine: { cores: 1000000000 }'), 'x.scenario.yaml');
    expect(cores.errors.map((e) => `${e.at.line}:${e.at.column} ${e.message}`)).toEqual(['2:19 `machine.cores` must be between 1 and 1024, got 1000000000']);
    const procs = parseScenario(yaml('runtime: { kind: go, gomaxprocs: 4096 }'), 'x.scenario.yaml');
    expect(procs.errors.map((e) => e.message)).toEqual(['`runtime.gomaxprocs` must be between 1 and 1024, got 4096']);
    const sweep = parseScenario(yaml('sweep:\n  machine.cores: [1, 1000000000]'), 'x.scenario.yaml');
    expect(sweep.errors.map((e) => `${e.at.line}:${e.at.column}`)).toEqual(['3:22']);
    expect(sweep.errors[0].message).toMatch(/must be between 1 and 1024, got 1000000000/);
  });

  it('the core refuses a program whose config is out of range, whatever built it', () => {
    expect(() => resolveConfig({ machine: { cores: 1_000_000_000 } })).toThrow('machine.cores must be between 1 and 1024, got 1000000000');
    expect(() => resolveConfig({ runtime: { gomaxprocs: 2000 } })).toThrow(/runtime\.gomaxprocs must be between 1 and 1024/);
    // Go's own default caps GOMAXPROCS at 1024 (runtime/proc.go); a big machine is still valid.
    expect(resolveConfig({ machine: { cores: 1024, smt: 8 } }).runtime.gomaxprocs).toBe(1024);
  });
});
