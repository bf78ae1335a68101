/**
 * The debugger on a `.py` file (issue 15): a breakpoint on a Python line stops there, and the
 * Machine scope names the GIL's holder, the thread that stopped on the line's op.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { createDebugHost } from '../../../src/debug/host';
import { InterleaveDebugSession } from '../../../src/debug/session';
import { DapClient } from '../debug/dap';
import { ROOT } from '../cli/helpers';
import './helpers';

const FILE = join(ROOT, 'examples/python/counter-race.py');
const RACE_LINE = 22; // `        counter = bump(counter)`

describe('the debugger on counter-race.py', () => {
  it('stops at a breakpoint on the Python line, with the stopped thread as the GIL holder in the Machine scope', async () => {
    const dap = new DapClient(new InterleaveDebugSession(createDebugHost((f) => readFileSync(f, 'utf8'))));
    await dap.request('initialize', { adapterID: 'interleave', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const entry = dap.next('stopped');
    const launched = await dap.request('launch', { program: FILE });
    expect(launched.success, launched.message).toBe(true);
    await entry;
    const bps = await dap.request<DebugProtocol.SetBreakpointsResponse>('setBreakpoints', { source: { path: FILE }, breakpoints: [{ line: RACE_LINE }] });
    expect(bps.body.breakpoints[0].verified).toBe(true);
    const hit = dap.next('stopped');
    await dap.request('continue', { threadId: 1 });
    const stop = await hit;
    expect(stop.body.reason).toBe('breakpoint');
    expect(dap.lastMoment().at?.line).toBe(RACE_LINE);
    const threads = (await dap.request<DebugProtocol.ThreadsResponse>('threads')).body.threads;
    const stopped = threads.find((t) => t.id === stop.body.threadId)!;
    expect(stopped.name).toMatch(/^T\d+ work#\d/);
    const frames = (await dap.request<DebugProtocol.StackTraceResponse>('stackTrace', { threadId: stopped.id })).body.stackFrames;
    expect(frames[0].line).toBe(RACE_LINE);
    const scopes = (await dap.request<DebugProtocol.ScopesResponse>('scopes', { frameId: frames[0].id })).body.scopes;
    const machine = (await dap.request<DebugProtocol.VariablesResponse>('variables', { variablesReference: scopes.find((s) => s.name === 'Machine')!.variablesReference })).body.variables;
    const gil = machine.find((v) => v.name === 'gil')!;
    const holder = (await dap.request<DebugProtocol.VariablesResponse>('variables', { variablesReference: gil.variablesReference })).body.variables.find((v) => v.name === 'holder')!;
    expect(stopped.name.startsWith(`${JSON.parse(holder.value) as string} `)).toBe(true);
  }, 60_000);

  it('hits a breakpoint sent before configurationDone, in VS Code\'s order, with stopOnEntry false', async () => {
    const dap = new DapClient(new InterleaveDebugSession(createDebugHost((f) => readFileSync(f, 'utf8'))), { configure: false });
    const initialized = dap.next('initialized');
    await dap.request('initialize', { adapterID: 'interleave', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await initialized;
    // VS Code sends `launch` without waiting, then the breakpoints, then configurationDone.
    const stopped = dap.next('stopped');
    const launched = dap.request('launch', { program: FILE, stopOnEntry: false });
    // In the debug worker each message is its own event on the port: the launch's compile
    // and run finish before the next message is read.
    await new Promise((resolve) => setImmediate(resolve));
    await dap.request('setBreakpoints', { source: { path: FILE }, breakpoints: [{ line: RACE_LINE }] });
    await dap.request('configurationDone');
    expect((await launched).success).toBe(true);
    const stop = await stopped;
    expect(stop.body.reason).toBe('breakpoint');
    expect(dap.lastMoment().at?.line).toBe(RACE_LINE);
  }, 60_000);
});
