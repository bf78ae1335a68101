import { describe, expect, it } from 'vitest';
import { isHostToWorker, isWorkerToHost } from '../../../src/protocol/worker';

describe('worker protocol guards', () => {
  it('the host accepts started and both kinds of response, and nothing malformed', () => {
    expect(isWorkerToHost({ type: 'started', id: 3 })).toBe(true);
    expect(isWorkerToHost({ type: 'response', id: 3, ok: true, result: { tasks: 1 } })).toBe(true);
    expect(isWorkerToHost({ type: 'response', id: 3, ok: false, error: { message: 'boom' } })).toBe(true);
    expect(isWorkerToHost({ type: 'started' })).toBe(false);
    expect(isWorkerToHost({ type: 'response', id: 3, ok: true })).toBe(false);
    expect(isWorkerToHost({ type: 'response', id: 3, ok: false, error: 'boom' })).toBe(false);
    expect(isWorkerToHost({ type: 'progress', id: 3 })).toBe(false);
    expect(isWorkerToHost(null)).toBe(false);
  });

  it('the worker accepts known requests and cancels only', () => {
    expect(isHostToWorker({ type: 'request', id: 1, kind: 'spin', payload: { ms: 1 } })).toBe(true);
    expect(isHostToWorker({ type: 'cancel', id: 1 })).toBe(true);
    expect(isHostToWorker({ type: 'request', id: 1, kind: 'format-disk', payload: {} })).toBe(false);
    expect(isHostToWorker({ type: 'request', id: '1', kind: 'spin', payload: {} })).toBe(false);
  });
});
