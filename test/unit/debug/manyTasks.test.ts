/**
 * The debugger at the size of a program with many goroutines (issue 24, item 4): the
 * Threads view lists the first ones and says how many it left out, the task the editor
 * stopped on is always among them, and a condition can still name any task. The cap is a
 * parameter, so a few hundred goroutines stand in for a million here (test/bench has the
 * million: `node dist/bench.js editor`).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { createDebugHost } from '../../../src/debug/host';
import { InterleaveDebugSession, MORE_THREADS_ID } from '../../../src/debug/session';
import { DapClient } from './dap';

const N = 300;
const MANY = `name: many
machine: { cores: 2 }
runtime: { kind: go }
sync:
  wg: waitgroup
tasks:
  main:
    - wg.add: ${N}
    - go: noop
      count: ${N}
    - wg.wait
  noop:
    - compute: 1us
    - wg.done
`;

async function start(maxThreads: number): Promise<DapClient> {
  const dap = new DapClient(new InterleaveDebugSession(createDebugHost(() => MANY), { maxThreads }));
  await dap.request('initialize', { adapterID: 'interleave' });
  const stopped = dap.next('stopped');
  const r = await dap.request('launch', { program: '/tmp/many.scenario.yaml' });
  expect(r.success, r.message).toBe(true);
  await stopped;
  return dap;
}

const threads = async (dap: DapClient) => (await dap.request<DebugProtocol.ThreadsResponse>('threads')).body.threads;

describe('the debugger with more goroutines than the Threads view lists', () => {
  it('lists the first ones and one entry that says how many more there are', async () => {
    const dap = await start(50);
    // To the moment the last goroutine is created: every one exists.
    await dap.stepping('interleave/seek', { index: dap.lastMoment().length - 1 });
    const list = await threads(dap);
    expect(list).toHaveLength(51);
    expect(list.slice(0, 50).map((t) => t.name.split(' ')[0])).toEqual(Array.from({ length: 50 }, (_, i) => `G${i + 1}`));
    const more = list[50];
    expect(more.id).toBe(MORE_THREADS_ID);
    expect(more.name).toMatch(new RegExp(`^… and ${N + 1 - 50} more goroutines \\(the first 50 are listed; evaluate a label such as G${N + 1} to see one\\)$`));
    // The entry has no stack; it is not a task.
    const stack = await dap.request<DebugProtocol.StackTraceResponse>('stackTrace', { threadId: MORE_THREADS_ID });
    expect(stack.body.stackFrames).toEqual([]);
  });

  it('always lists the goroutine the editor stopped on, and a condition can name any goroutine', async () => {
    const dap = await start(10);
    // From the middle of the run, step until a goroutine past the first ten moves.
    let stop = await dap.stepping('interleave/seek', { index: Math.floor(dap.lastMoment().length / 2) });
    while (stop.body.threadId! <= 10 && dap.lastMoment().index < dap.lastMoment().length - 1) stop = await dap.stepping('next', { threadId: 1 });
    const id = stop.body.threadId!;
    expect(id).toBeGreaterThan(10);
    const list = await threads(dap);
    expect(list.map((t) => t.id)).toContain(id);
    expect(list).toHaveLength(12);
    expect(list[11].name).toMatch(/^… and \d+ more goroutines/);
    const label = list.find((t) => t.id === id)!.name.split(' ')[0];
    const r = await dap.request<DebugProtocol.EvaluateResponse>('evaluate', { expression: `${label}.name` });
    expect(r.body.result).toBe('"noop#' + (id - 1) + '"');
  });

  it('lists every task, with no extra entry, when they fit', async () => {
    const dap = await start(1_000);
    await dap.stepping('interleave/seek', { index: dap.lastMoment().length - 1 });
    const list = await threads(dap);
    expect(list).toHaveLength(N + 1);
    expect(list.some((t) => t.id === MORE_THREADS_ID)).toBe(false);
  });
});
