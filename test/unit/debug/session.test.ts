import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { createDebugHost } from '../../../src/debug/host';
import { InterleaveDebugSession } from '../../../src/debug/session';
import { explore } from '../../../src/core/explore/index';
import { compileSource } from '../../../src/frontends/index';
import { DapClient } from './dap';

const FILE = resolve(__dirname, '../../fixtures/debug/counter.scenario.yaml');
const INCR_LINE = 15;
const LOCK_LINE = 16;

async function start(launch: Record<string, unknown> = {}): Promise<DapClient> {
  const session = new InterleaveDebugSession(createDebugHost((f) => readFileSync(f, 'utf8')));
  const dap = new DapClient(session);
  const init = await dap.request<DebugProtocol.InitializeResponse>('initialize', { adapterID: 'interleave', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  expect(init.body?.supportsStepBack).toBe(true);
  const stopped = dap.next('stopped');
  const r = await dap.request('launch', { program: FILE, ...launch });
  expect(r.success, r.message).toBe(true);
  expect((await stopped).body.reason).toBe('entry');
  return dap;
}

async function variables(dap: DapClient, threadId: number, scope: string): Promise<DebugProtocol.Variable[]> {
  const scopes = await dap.request<DebugProtocol.ScopesResponse>('scopes', { frameId: threadId });
  const ref = scopes.body.scopes.find((s) => s.name === scope)!.variablesReference;
  return (await dap.request<DebugProtocol.VariablesResponse>('variables', { variablesReference: ref })).body.variables;
}

describe('the debug adapter, driven through handleMessage', () => {
  it('steps forwards and backwards exactly over scheduling events', async () => {
    const dap = await start();
    expect(dap.lastMoment().index).toBe(0);
    const first = dap.lastMoment();
    await dap.stepping('next', { threadId: 1 });
    await dap.stepping('next', { threadId: 1 });
    expect(dap.lastMoment().index).toBe(2);
    const second = dap.lastMoment();
    await dap.stepping('stepBack', { threadId: 1 });
    await dap.stepping('stepBack', { threadId: 1 });
    expect(dap.lastMoment()).toEqual(first);
    await dap.stepping('next', { threadId: 1 });
    await dap.stepping('next', { threadId: 1 });
    expect(dap.lastMoment()).toEqual(second);
  });

  it('lists the tasks as threads named with their state, each with its source position', async () => {
    const dap = await start();
    await dap.request('setBreakpoints', { source: { path: FILE }, breakpoints: [{ line: INCR_LINE }] });
    const hit = dap.next('stopped');
    await dap.request('continue', { threadId: 1 });
    expect((await hit).body.reason).toBe('breakpoint');
    const threads = (await dap.request<DebugProtocol.ThreadsResponse>('threads')).body.threads;
    expect(threads.map((t) => t.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^T1 main \[blocked on join T2, T3\]/), expect.stringMatching(/^T2 inc#1 \[running\]/)]));
    const t = threads.find((x) => x.name.startsWith('T2'))!;
    const stack = (await dap.request<DebugProtocol.StackTraceResponse>('stackTrace', { threadId: t.id })).body.stackFrames;
    expect(stack[0].source?.path).toBe(FILE);
    expect(stack[0].line).toBeGreaterThan(0);
  });

  it('stepIn moves to the next event of the selected task only', async () => {
    const dap = await start();
    const threads = (await dap.request<DebugProtocol.ThreadsResponse>('threads')).body.threads;
    expect(threads.length).toBeGreaterThanOrEqual(1);
    await dap.request('setBreakpoints', { source: { path: FILE }, breakpoints: [{ line: INCR_LINE }] });
    const hit = dap.next('stopped');
    await dap.request('continue', { threadId: 1 });
    const threadId = (await hit).body.threadId!;
    const from = dap.lastMoment().index;
    const stop = await dap.stepping('stepIn', { threadId });
    expect(stop.body.threadId).toBe(threadId);
    expect(dap.lastMoment().index).toBeGreaterThan(from);
  });

  it('stops at breakpoints, honours conditions on simulation state, and reverse-continues to them', async () => {
    const dap = await start();
    const set = await dap.request<DebugProtocol.SetBreakpointsResponse>('setBreakpoints', {
      source: { path: FILE }, breakpoints: [{ line: INCR_LINE, condition: 'counter >= 2' }, { line: 99, condition: 'counter >' }],
    });
    expect(set.body.breakpoints[0].verified).toBe(true);
    expect(set.body.breakpoints[1].verified).toBe(false);
    const hit = dap.next('stopped');
    await dap.request('continue', { threadId: 1 });
    const stop = await hit;
    expect(stop.body.reason).toBe('breakpoint');
    expect(dap.lastMoment().at?.line).toBe(INCR_LINE);
    const shared = await variables(dap, stop.body.threadId!, 'Shared memory');
    expect(Number(shared.find((v) => v.name === 'counter')!.value)).toBeGreaterThanOrEqual(2);
    const bpIndex = dap.lastMoment().index;
    await dap.request('setBreakpoints', { source: { path: FILE }, breakpoints: [{ line: LOCK_LINE }] });
    await dap.stepping('continue', { threadId: 1 });
    expect(dap.lastMoment().at?.line).toBe(LOCK_LINE);
    await dap.request('setBreakpoints', { source: { path: FILE }, breakpoints: [{ line: INCR_LINE, condition: 'counter >= 2' }] });
    const back = await dap.stepping('reverseContinue', { threadId: 1 });
    expect(back.body.reason).toBe('breakpoint');
    expect(dap.lastMoment().index).toBeLessThanOrEqual(bpIndex + 20);
    expect(dap.lastMoment().at?.line).toBe(INCR_LINE);
  });

  it('breaks on writes to a shared variable (data breakpoint)', async () => {
    const dap = await start();
    const shared = await variables(dap, 1, 'Shared memory');
    expect(shared.map((v) => v.name)).toContain('counter');
    const scopes = await dap.request<DebugProtocol.ScopesResponse>('scopes', { frameId: 1 });
    const ref = scopes.body.scopes.find((s) => s.name === 'Shared memory')!.variablesReference;
    const info = await dap.request<DebugProtocol.DataBreakpointInfoResponse>('dataBreakpointInfo', { variablesReference: ref, name: 'counter' });
    expect(info.body.dataId).toBe('counter');
    await dap.request('setDataBreakpoints', { breakpoints: [{ dataId: 'counter', accessType: 'write' }] });
    const stop = await dap.stepping('continue', { threadId: 1 });
    expect(stop.body.reason).toBe('data breakpoint');
    expect(dap.lastMoment().at?.line).toBe(INCR_LINE);
    expect(dap.lastMoment().why).toMatch(/write counter/);
  });

  it('shows the task, sync objects and the machine in the Variables view', async () => {
    const dap = await start();
    await dap.stepping('next', { threadId: 1 });
    const machine = await variables(dap, 1, 'Machine');
    expect(machine.map((v) => v.name)).toContain('hardwareThreads');
    const sync = await variables(dap, 1, 'Sync objects');
    expect(sync.map((v) => v.name)).toContain('mu');
    const task = await variables(dap, 1, 'Task');
    expect(task.find((v) => v.name === 'id')?.value).toBe('"T1"');
  });

  it('steps through a finding\'s schedule and stops on the race as an exception', async () => {
    const text = readFileSync(FILE, 'utf8');
    const found = explore(compileSource(text, FILE).program!, { strategy: 'dpor', maxSchedules: 200 });
    const race = found.findings.find((f) => f.kind === 'data-race')!;
    expect(race).toBeDefined();
    const dap = await start({ schedule: race.schedule });
    const stop = await dap.stepping('continue', { threadId: 1 });
    expect(stop.body.reason).toBe('exception');
    const info = await dap.request<DebugProtocol.ExceptionInfoResponse>('exceptionInfo', { threadId: stop.body.threadId });
    expect(info.body.exceptionId).toBe('data-race');
    expect(dap.lastMoment().at?.line).toBe(INCR_LINE);
    // Stepping back from the race is exact: one step earlier, then forward to the same moment again.
    const raceMoment = dap.lastMoment();
    await dap.stepping('stepBack', { threadId: 1 });
    expect(dap.lastMoment().index).toBe(raceMoment.index - 1);
    await dap.stepping('next', { threadId: 1 });
    expect(dap.lastMoment()).toEqual(raceMoment);
  });

  it('steps through an async file\'s race across await and stops on it in the step that raised it (issue 23: the debugger entry of a data race)', async () => {
    const file = resolve(__dirname, '../../../examples/async/lost-update-await.sim.ts');
    const found = explore(compileSource(readFileSync(file, 'utf8'), file).program!, { strategy: 'dpor', maxSchedules: 200 });
    const race = found.findings.find((f) => f.kind === 'data-race')!;
    expect(race.message).toMatch(/^Race across await/);
    expect(race.at.line).toBe(15); // the stale read, `const before = balance;`
    const dap = await start({ program: file, schedule: race.schedule });
    const stop = await dap.stepping('continue', { threadId: 1 });
    expect(stop.body.reason).toBe('exception');
    const info = await dap.request<DebugProtocol.ExceptionInfoResponse>('exceptionInfo', { threadId: stop.body.threadId });
    expect(info.body.exceptionId).toBe('data-race');
    expect(info.body.description).toMatch(/Race across await: withdraw(#2)? reads `balance` here/);
    // A flow's resumption is inside the step of the io() completion that resumed it: the
    // stop is that step (`await io("db write")`, line 16), not the end of the run.
    const moment = dap.lastMoment();
    expect(moment.at?.line).toBe(16);
    expect(moment.index).toBeLessThan(moment.length - 1);
  });

  it('moves to a moment the panel asks for, and reports bad launches clearly', async () => {
    const dap = await start();
    const stopped = dap.next('stopped');
    await dap.request('interleave/seek', { index: 3 });
    expect((await stopped).body.reason).toBe('goto');
    expect(dap.lastMoment().index).toBe(3);

    const session = new InterleaveDebugSession(createDebugHost(() => 'name: x\ntasks:\n  main:\n    - compute: 5\n'));
    const bad = new DapClient(session);
    await bad.request('initialize', { adapterID: 'interleave' });
    const r = await bad.request('launch', { program: '/tmp/bad.scenario.yaml' });
    expect(r.success).toBe(false);
    expect(r.message).toMatch(/bad\.scenario\.yaml:4:\d+/);
  });
});

describe('the Machine scope under the Go runtime', () => {
  it('shows the Ms, Ps and run queues the G/M/P scheduler keeps', async () => {
    const file = resolve(__dirname, '../../../examples/gmp/run-queues-and-stealing.scenario.yaml');
    const session = new InterleaveDebugSession(createDebugHost((f) => readFileSync(f, 'utf8')));
    const dap = new DapClient(session);
    await dap.request('initialize', { adapterID: 'interleave' });
    const stopped = dap.next('stopped');
    await dap.request('launch', { program: file });
    await stopped;
    for (let i = 0; i < 20; i++) await dap.stepping('next', { threadId: 1 });
    const machine = await variables(dap, 1, 'Machine');
    const names = machine.map((v) => v.name);
    expect(names).toContain('hardwareThreads');
    expect(names).toEqual(expect.arrayContaining(['ms', 'ps', 'globalQueue', 'netpoller']));
    const threads = (await dap.request<DebugProtocol.ThreadsResponse>('threads')).body.threads;
    expect(threads[0].name).toMatch(/^G1 main/);
  });
});
