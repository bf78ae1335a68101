import { describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers';
import { CRASH, hostileFile } from './helpers';

/** main returns a value that contains itself. */
const CYCLIC = hostileFile('cyclic.sim.ts', 'export default function main() { const o: any = {}; o.self = o; return o; }\n');
/** main returns a BigInt. */
const BIGINT = hostileFile('bigint.sim.ts', 'export default function main() { return 10n; }\n');
/** A shared variable ends holding a cycle and BigInts. */
const SHARED = hostileFile('shared.sim.ts', `import { spawn } from 'interleave';
export default function main() {
  let shared: any = { n: 1n };
  shared.me = shared;
  const t = spawn(() => { shared = { again: shared, big: 2n }; });
  t.join();
  return shared;
}
`);

const COMMANDS: readonly (readonly string[])[] = [
  ['run'], ['run', '--json'], ['check'], ['check', '--format', 'json'], ['explore'], ['explore', '--json'],
  ['export', '--format', 'markdown'], ['export', '--format', 'html'], ['export', '--format', 'chrome'],
  ['export', '--format', 'markdown', '--check'],
];

describe('cyclic and BigInt values from user code', () => {
  for (const file of [CYCLIC, BIGINT, SHARED]) {
    it(`every command reports ${file.replace(/.*\//, '')} without a crash`, () => {
      for (const command of COMMANDS) {
        const [name, ...rest] = command;
        const r = cli(name, file, ...rest);
        const printed = r.out + r.err + [...r.written.values()].join('');
        expect(printed, command.join(' ')).not.toMatch(CRASH);
        expect(r.code, `${command.join(' ')}: ${r.err}`).toBe(0);
        if (command.includes('--json') || command.includes('json')) expect(() => JSON.parse(r.out)).not.toThrow();
      }
    });
  }

  it('replay, text and JSON, reports them too', () => {
    for (const file of [CYCLIC, BIGINT, SHARED]) {
      const { schedule } = JSON.parse(cli('run', file, '--json').out) as { schedule: string };
      for (const json of [[], ['--json']]) {
        const r = cli('replay', file, '--schedule', schedule, '--exact', ...json);
        expect(r.out + r.err).not.toMatch(CRASH);
        expect(r.code, r.err).toBe(0);
      }
    }
    expect(cli('replay', SHARED, '--schedule', JSON.parse(cli('run', SHARED, '--json').out).schedule, '--exact').out)
      .toContain('finals {"shared":{"again":{"n":1n,"me":[Circular]},"big":2n}');
  });

  it('shows a cycle as [Circular] and a BigInt as 10n, in text and in JSON', () => {
    expect(cli('run', CYCLIC).out).toMatch(/^returned: \{"self":\[Circular\]\}$/m);
    expect(cli('run', BIGINT).out).toMatch(/^returned: 10n$/m);
    expect(JSON.parse(cli('run', BIGINT, '--json').out).returned).toBe('10n');
    const shared = cli('run', SHARED);
    expect(shared.out).toMatch(/^finals: shared = \{"again":\{"n":1n,"me":\[Circular\]\},"big":2n\}/m);
    expect(JSON.parse(cli('run', SHARED, '--json').out).finals.shared).toEqual({ again: { n: '1n', me: '[Circular]' }, big: '2n' });
    const md = cli('export', SHARED, '--format', 'markdown');
    expect([...md.written.values()].join('') + md.out).toContain('| shared | {"again":{"n":1n,"me":\\[Circular\\]},"big":2n} |');
  });
});

describe('the debugger shows such values', () => {
  it('a cyclic shared variable in both timelines, with [Circular] and 2n', async () => {
    const { compileTypeScript } = await import('../../../src/frontends/typescript');
    const { timedTimeline, untimedTimeline } = await import('../../../src/debug/coreTimeline');
    const { render } = await import('../../../src/debug/variables');
    const { readFileSync } = await import('node:fs');
    const program = compileTypeScript(readFileSync(SHARED, 'utf8'), SHARED).program!;
    for (const make of [timedTimeline, untimedTimeline]) {
      const { timeline } = make(program, { mode: make === timedTimeline ? 'timed' : 'untimed' });
      const last = timeline.stateAt(timeline.length - 1);
      expect(last.vars.shared).toEqual({ again: { n: '1n', me: '[Circular]' }, big: '2n' });
      expect(render(last.vars.shared)).toBe('{again, big}');
    }
  });
});
