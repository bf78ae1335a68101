import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PipelineCheckResult } from '../../../src/protocol/worker';
import { test } from './runner';

test('command: the pipeline check runs in the worker and returns the schedule it computed', async () => {
  const result = await vscode.commands.executeCommand<PipelineCheckResult>('interleave.hello');
  assert.ok(result, 'the command returned a result');
  // Four 10 ms threads, two cores, 4 ms slices: 40 ms of work split evenly, so 20 ms,
  // plus the modelled costs of creating threads (20 µs) and switching (1.5 µs).
  assert.equal(result.engine, 'the Interleave core');
  assert.ok(result.makespanNs >= 20e6 && result.makespanNs < 20.3e6, `makespan ${result.makespanNs}`);
  assert.equal(result.coreBusyNs.length, 2);
  for (const busy of result.coreBusyNs) assert.ok(busy >= 20e6 && busy < 20.3e6, `busy ${busy}`);
  assert.equal(result.tasks, 4);
});

test('command: a one-core round-robin interleaves two tasks slice by slice', async () => {
  const result = await vscode.commands.executeCommand<PipelineCheckResult>('interleave.hello', { cores: 1, taskNs: [10e6, 10e6], quantumNs: 4e6 });
  // A4 B4 A4 B4 A2 B2: 20 ms and a switch between every pair of slices (5), plus main's own.
  assert.ok(result.makespanNs >= 20e6 && result.makespanNs < 20.3e6, `makespan ${result.makespanNs}`);
  assert.ok(result.contextSwitches >= 5, `context switches ${result.contextSwitches}`);
});

test('command: a bad workload is reported, not thrown into the editor', async () => {
  const result = await vscode.commands.executeCommand<PipelineCheckResult | undefined>('interleave.hello', { cores: 0, taskNs: [1], quantumNs: 1 });
  assert.equal(result, undefined);
});
