import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkerRunError } from '../../../src/extension/simulationHost';
import { test } from './runner';
import { extensionApi } from './util';

async function rejection(promise: Promise<unknown>): Promise<WorkerRunError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error);
    return error as WorkerRunError;
  }
  throw new Error('expected the request to fail');
}

test('worker: a cancelled run stops at once and the worker stays up', async () => {
  const { host } = await extensionApi();
  const source = new vscode.CancellationTokenSource();
  const started = Date.now();
  const run = host.request('spin', { ms: 30_000 }, { token: source.token, timeoutMs: 60_000 });
  setTimeout(() => source.cancel(), 100);
  const error = await rejection(run);
  assert.equal(error.reason, 'cancelled');
  assert.ok(Date.now() - started < 5_000, 'cancel is prompt');
  const workers = host.workersStarted;
  await host.request('pipeline-check', { cores: 1, taskNs: [1], quantumNs: 1 });
  assert.equal(host.workersStarted, workers, 'a cooperative cancel needs no restart');
});

test('worker: a run that ignores cancel is stopped by the wall-clock budget and the worker restarts', async () => {
  const { host } = await extensionApi();
  const workers = host.workersStarted;
  const error = await rejection(host.request('spin', { ms: 30_000, ignoreCancel: true }, { timeoutMs: 300 }));
  assert.equal(error.reason, 'timeout');
  assert.match(error.message, /interleave\.budget\.wallClockMs/);
  const result = await host.request('pipeline-check', { cores: 2, taskNs: [5, 5], quantumNs: 10 });
  assert.equal(result.tasks, 2);
  assert.equal(result.engine, 'the Interleave core');
  assert.equal(host.workersStarted, workers + 1, 'a fresh worker served the next request');
});

test('worker: a run longer than the progress delay goes through withProgress and returns its result', async () => {
  const { host } = await extensionApi();
  const result = await host.withProgress('Interleave: test run', 'spin', { ms: 1_000 }, 10_000);
  assert.ok(result.slices > 0);
});
