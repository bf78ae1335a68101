import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { SourceRange } from '../../../src/core/program';
import { parseScenario } from '../../../src/frontends/scenario/index';
import { drive } from './helpers';

/** A position is valid when it names a real line and a column within it (or just past its end). */
function validIn(text: string, at: SourceRange): boolean {
  const lines = text.split('\n');
  const ok = (line: number, col: number) =>
    Number.isInteger(line) && Number.isInteger(col) && line >= 1 && line <= Math.max(1, lines.length) && col >= 1
    && col <= (lines[line - 1] ?? '').length + 1;
  const ordered = at.endLine > at.line || (at.endLine === at.line && at.endColumn >= at.column);
  return ok(at.line, at.column) && ok(at.endLine, at.endColumn) && ordered;
}

function check(text: string): void {
  const r = parseScenario(text, 'p.scenario.yaml');
  if (r.program) {
    expect(r.errors).toEqual([]);
    // Bodies must run without throwing, whatever the engine answers.
    drive(r.program.main, {}, 500);
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
  }
  for (const e of r.errors) {
    expect(e.at.file).toBe('p.scenario.yaml');
    expect(typeof e.message).toBe('string');
    // Every error says what to do.
    expect(e.hint?.length ?? 0, e.message).toBeGreaterThan(0);
    if (!validIn(text, e.at)) throw new Error(`invalid position ${JSON.stringify(e.at)} for ${JSON.stringify(text)}: ${e.message}`);
  }
}

const WORDS = [
  'name', 'description', 'machine', 'os', 'runtime', 'vars', 'sync', 'tasks', 'expect', 'sweep', 'main', 'worker', 'cores', 'smt',
  'gomaxprocs', 'kind', 'go', 'policy', 'quantum', 'compute', 'io', 'sleep', 'syscall', 'count', 'join', 'repeat', 'do', 'select',
  'recv', 'send', 'default', 'critical', 'print', 'mu', 'mu.lock', 'mu.unlock', 'wg.add', 'wg.wait', 'ch.send', 'ch.recv', 'x.incr',
  'x.atomic_add', 'once.do', 'mutex', 'waitgroup', 'semaphore', 'channel', 'cond', 'barrier', 'no', 'final', 'max_inside',
  'runtime.gomaxprocs', 'machine.cores', 'value', 'line', 'time', 'yield', 'spawn', 'strict', 'section',
];

const scalar = fc.oneof(
  fc.constantFrom(...WORDS), fc.constantFrom('200ms', '1s', '5', '0', '-1', 'µs', '1e400ms', ''),
  fc.integer({ min: -5, max: 5_000_000 }), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 8 }),
);

const tree = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...WORDS), tie('node'), { maxKeys: 4 }),
  ),
})).node;

/** Scenario-shaped trees: the right top-level keys, with random insides. */
const scenarioish = fc.record({
  name: fc.oneof(fc.string({ maxLength: 10 }), tree),
  machine: tree,
  runtime: fc.oneof(fc.record({ kind: fc.constantFrom('go', 'threads', 'python', 'nope'), gomaxprocs: scalar }), tree),
  vars: fc.dictionary(fc.constantFrom('x', 'y', 'counter'), tree, { maxKeys: 3 }),
  sync: fc.dictionary(fc.constantFrom('mu', 'wg', 'ch', 'once', 'pool'), tree, { maxKeys: 3 }),
  tasks: fc.dictionary(fc.constantFrom('main', 'worker', 'w'), fc.array(tree, { maxLength: 5 }), { maxKeys: 3 }),
  expect: tree,
  sweep: tree,
}, { requiredKeys: ['tasks'] });

describe('parseScenario never throws and always places its errors', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), check), { numRuns: 400 });
  });

  it('on arbitrary text made of scenario-ish lines', () => {
    const line = fc.tuple(fc.constantFrom('', '  ', '    ', '      ', '- ', '  - ', '    - '), fc.constantFrom(...WORDS),
      fc.constantFrom(':', ': ', ' ', ':\n', ': [', ': {', ''), fc.oneof(scalar.map(String), fc.constant(''))).map((p) => p.join(''));
    fc.assert(fc.property(fc.array(line, { maxLength: 12 }).map((ls) => ls.join('\n')), check), { numRuns: 400 });
  });

  it('on arbitrary YAML object trees', () => {
    fc.assert(fc.property(tree, (t) => check(stringify(t))), { numRuns: 300 });
  });

  it('on scenario-shaped trees, in block and flow style', () => {
    fc.assert(fc.property(scenarioish, fc.boolean(), (t, flow) => {
      check(stringify(t, flow ? { collectionStyle: 'flow' } : undefined));
    }), { numRuns: 400 });
  });

  it('on deeply nested input without overflowing the stack or hanging', () => {
    check('name: x\ntasks:\n  main: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n');
    let nested = '    - yield\n';
    for (let i = 0; i < 100; i++) nested = `    - repeat: 1\n      do:\n${nested.replace(/^/gm, '      ')}`;
    check(`name: x\ntasks:\n  main:\n${nested}`);
  });
});
