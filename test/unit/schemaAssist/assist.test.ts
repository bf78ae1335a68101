import { describe, expect, it } from 'vitest';
import schemaJson from '../../../media/scenario.schema.json';
import { completionsAt, declaredMethods, hoverAt } from '../../../src/extension/schemaAssist/assist';
import { cursorContext } from '../../../src/extension/schemaAssist/schemaPath';
import type { JsonSchema } from '../../../src/extension/schemaAssist/schemaWalk';

const schema = schemaJson as unknown as JsonSchema;

/** Splits `text` at its `|` into the text without it and the cursor's row and column. */
function at(marked: string): { text: string; row: number; column: number } {
  const index = marked.indexOf('|');
  const before = marked.slice(0, index);
  const row = before.split('\n').length - 1;
  return { text: before + marked.slice(index + 1), row, column: index - before.lastIndexOf('\n') - 1 };
}

function labels(marked: string): string[] {
  const { text, row, column } = at(marked);
  return completionsAt(schema, text, row, column).map((s) => s.label);
}

const SCENARIO = `name: demo
sync:
  mu: mutex
  pool: { semaphore: 2 }
vars:
  counter: 0
tasks:
  main:
    - go: worker
      count: 2
  worker:
    - mu.lock
`;

describe('schema assist: cursor path', () => {
  it('finds the path through sequence items and nested keys', () => {
    const { text, row, column } = at('tasks:\n  main:\n    - go: worker\n      |\n');
    expect(cursorContext(text, row, column)).toMatchObject({ path: ['tasks', 'main', '[]'], mode: 'key', siblings: ['go'] });
  });
  it('reads a half-typed value line', () => {
    const { text, row, column } = at('os:\n  policy: ro|\n');
    expect(cursorContext(text, row, column)).toMatchObject({ path: ['os'], mode: 'value', key: 'policy', word: 'ro', wordStart: 10 });
  });
});

describe('schema assist: completions', () => {
  it('offers the top-level keys at column 0 of an empty line', () => {
    const offered = labels('name: x\n|\n');
    expect(offered).toEqual(expect.arrayContaining(['machine', 'os', 'runtime', 'vars', 'sync', 'tasks', 'expect', 'sweep']));
    expect(offered).not.toContain('name');
  });
  it('offers the scheduling policies after `policy:`', () => {
    expect(labels('name: x\nos:\n  policy: |\n')).toEqual(['fair', 'round-robin', 'fifo', 'priority', 'mlfq']);
  });
  it('offers `kind` under `runtime:`, and its values after `kind:`', () => {
    expect(labels('runtime:\n  |\n')).toEqual(expect.arrayContaining(['kind', 'gomaxprocs']));
    expect(labels('runtime:\n  kind: |\n')).toEqual(['threads', 'go', 'python', 'processes', 'eventloop', 'asyncio', 'green']);
  });
  it('offers step keys, bare-word steps and declared methods on a step line of tasks.main', () => {
    const offered = labels(SCENARIO.replace('  worker:', '    - |\n  worker:'));
    expect(offered).toEqual(expect.arrayContaining(['compute', 'io', 'syscall', 'sleep', 'go', 'join', 'repeat', 'yield']));
    expect(offered).toEqual(expect.arrayContaining(['mu.lock', 'mu.unlock', 'pool.acquire', 'counter.incr']));
    // Modifiers come only after their step's key.
    expect(offered).not.toContain('count');
  });
  it('offers a step\'s modifiers beside its key', () => {
    const offered = labels('tasks:\n  main:\n    - go: worker\n      |\n');
    expect(offered.sort()).toEqual(['count', 'name', 'priority']);
  });
  it('offers compute kinds inside a compute map', () => {
    expect(labels('tasks:\n  main:\n    - compute:\n        time: 1ms\n        kind: |\n')).toEqual(['cpu', 'memory', 'mixed', 'vector']);
  });
  it('offers sync kinds as values of a sync declaration and booleans for a boolean', () => {
    expect(labels('sync:\n  mu: |\n')).toEqual(['mutex', 'rwmutex', 'waitgroup', 'once', '{ semaphore: 2 }', '{ channel: 0 }', '{ cond: mu }', '{ barrier: 2 }']);
    expect(labels('runtime:\n  free_threaded: |\n')).toEqual(['true', 'false']);
  });
  it('offers the sweep axes, minus those already swept', () => {
    const offered = labels('sweep:\n  os.policy: [fair, fifo]\n  |\n');
    expect(offered).toContain('runtime.gomaxprocs');
    expect(offered).not.toContain('os.policy');
  });
  it('tolerates CRLF and a broken line below the cursor', () => {
    expect(labels('name: x\r\nruntime:\r\n  gom|\r\nexpect:\r\n  - no: [[[\r\n').slice(0, 4)).toEqual(['kind', 'gomaxprocs', 'switch_interval', 'free_threaded']);
  });
  it('offers only that object\'s steps after `pool.`, each saying what it does', () => {
    const { text, row, column } = at(SCENARIO.replace('    - mu.lock\n', '    - pool.|\n'));
    const offered = completionsAt(schema, text, row, column);
    expect(offered.map((s) => s.label)).toEqual(['pool.acquire', 'pool.release', 'pool.try_acquire']);
    expect(offered[0]).toMatchObject({ kind: 'method', replaceStart: 6, description: 'Take a permit; waits while none is free. (`pool` is a counting semaphore with 2 permits.)' });
    expect(labels(SCENARIO.replace('    - mu.lock\n', '    - counter.|\n'))).toEqual(
      ['counter.read', 'counter.write', 'counter.incr', 'counter.atomic_add', 'counter.atomic_load', 'counter.atomic_store']);
  });
  it('replaces the half-typed word', () => {
    const { text, row, column } = at(SCENARIO.replace('    - mu.lock\n', '    - mu.lo|\n'));
    const [first] = completionsAt(schema, text, row, column);
    expect(first).toMatchObject({ label: 'mu.lock', replaceStart: 6 });
  });
});

describe('schema assist: declarations and hovers', () => {
  it('reads methods from sync and vars even when another line is broken', () => {
    const labels = declaredMethods(`${SCENARIO}    - compute: 2ms: oops\n`).map((m) => m.label);
    expect(labels).toContain('mu.try_lock');
    expect(labels).toContain('counter.atomic_add');
  });
  it('describes `gomaxprocs` on hover', () => {
    const { text, row, column } = at('runtime:\n  kind: go\n  gomax|procs: 4\n');
    expect(hoverAt(schema, text, row, column)).toEqual({ markdown: '**gomaxprocs**: Go only: the number of Ps (default cores × smt).', start: 2, end: 12 });
  });
  it('describes a declared object by what it is, and a step by what it does', () => {
    const pool = at(SCENARIO.replace('  pool: {', '  po|ol: {'));
    expect(hoverAt(schema, pool.text, pool.row, pool.column)?.markdown)
      .toBe('**pool**: a counting semaphore with 2 permits. Its steps: `pool.acquire`, `pool.release`, `pool.try_acquire`.');
    const step = at(SCENARIO.replace('    - mu.lock', '    - mu.lo|ck'));
    expect(hoverAt(schema, step.text, step.row, step.column)).toEqual({
      markdown: '**mu.lock**: Take the lock; waits while another task holds it. (`mu` is a mutex.)', start: 6, end: 13 });
    const sync = at(SCENARIO.replace('sync:', 'sy|nc:'));
    expect(hoverAt(schema, sync.text, sync.row, sync.column)?.markdown).toMatch(/semaphore: N \}.*channel: N \}/);
  });
  it('describes a step key inside a task, and nothing off a key', () => {
    const { text, row, column } = at('tasks:\n  main:\n    - sl|eep: 1ms\n');
    expect(hoverAt(schema, text, row, column)?.markdown).toBe('**sleep**: Timer sleep.');
    const off = at('runtime:\n  kind: g|o\n');
    expect(hoverAt(schema, off.text, off.row, off.column)).toBeUndefined();
  });
});
