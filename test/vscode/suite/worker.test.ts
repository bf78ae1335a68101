import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkerRunError } from '../../../src/extension/simulationHost';
import { test } from './runner';
import { extensionApi } from './util';
import { cancelFlagFor } from '../../../src/extension/lens/requests';

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

test('worker: a request queued behind a long run keeps its whole budget (the clock starts when the worker begins it)', async () => {
  const { host } = await extensionApi();
  const workers = host.workersStarted;
  // A busy run that holds the worker for 1.5 s (it never yields), then a short one with a 1 s budget.
  const long = host.request('spin', { ms: 1_500, ignoreCancel: true }, { timeoutMs: 10_000 });
  const queuedAt = Date.now();
  const short = await host.request('spin', { ms: 50 }, { timeoutMs: 1_000 });
  assert.ok(Date.now() - queuedAt >= 1_400, 'the short run really waited behind the long one');
  assert.ok(short.slices > 0, 'it ran, instead of timing out while it waited');
  await long;
  assert.equal(host.workersStarted, workers, 'nothing was restarted');
});

test('worker: a request cancelled while queued does not restart the worker running the one ahead of it', async () => {
  const { host } = await extensionApi();
  const workers = host.workersStarted;
  const long = host.request('spin', { ms: 1_500, ignoreCancel: true }, { timeoutMs: 10_000 });
  const source = new vscode.CancellationTokenSource();
  const queued = host.request('spin', { ms: 10_000 }, { token: source.token, timeoutMs: 20_000 });
  source.cancel();
  assert.equal((await rejection(queued)).reason, 'cancelled');
  const result = await long;
  assert.ok(result.slices > 0, 'the long run was not killed by the queued one\'s cancel');
  assert.equal(host.workersStarted, workers);
});

/** Four goroutines taking turns on a mutex 2,000,000 times: seconds of cheap events, polled every 50,000. */
const LONG_RUN = `name: A long run
runtime: { kind: go, gomaxprocs: 2 }
sync: { mu: mutex, wg: waitgroup }
tasks:
  main:
    - wg.add: 4
    - go: worker
      count: 4
    - wg.wait
  worker:
    - repeat: 500000
      do: [mu.lock, { compute: 1us }, mu.unlock]
    - wg.done
`;

test('worker: a cancelled Run of a long scenario stops through its cancel flag, with no worker restart', async () => {
  const { host } = await extensionApi();
  await host.request('pipeline-check', { cores: 1, taskNs: [1], quantumNs: 1 });
  const workers = host.workersStarted;
  const source = new vscode.CancellationTokenSource();
  const run = host.request('run-file', { text: LONG_RUN, file: '/tmp/long-run.scenario.yaml', cancelFlag: cancelFlagFor(source.token) },
    { token: source.token, timeoutMs: 60_000 });
  setTimeout(() => source.cancel(), 300);
  assert.equal((await rejection(run)).reason, 'cancelled');
  // Longer than the grace period after which a run that ignores its cancel gets the worker restarted.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const next = await host.request('pipeline-check', { cores: 1, taskNs: [1], quantumNs: 1 });
  assert.equal(next.tasks, 1);
  assert.equal(host.workersStarted, workers, 'the run saw its flag and stopped; the worker was not restarted');
});
