/**
 * Robustness: seeded random mixes of everything a G can do (compute, channels, a mutex,
 * sleep, network I/O, blocking syscalls, Gosched, LockOSThread) finish under every
 * GOMAXPROCS, never run more Gs than Ps, and replay exactly from their schedule string.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import type { Op, SyncDecl, TaskBody, TaskId } from '../../../src/core/program';
import { at, op, program } from '../core/helpers';

const us = (n: number): number => n * 1_000;

/** A small deterministic PRNG (mulberry32) so each case is reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const objects: SyncDecl[] = [
  { id: 'mu', name: 'mu', kind: 'mutex' },
  { id: 'ch', name: 'ch', kind: 'channel', size: 2 },
];

/** Worker k: a random list of steps; every send on ch is matched by a receiver worker. */
function workerSteps(r: () => number): Op[] {
  const steps: Op[] = [];
  const n = 3 + Math.floor(r() * 6);
  if (r() < 0.2) steps.push({ op: 'lock_os_thread', at: at(2) });
  for (let i = 0; i < n; i++) {
    const k = Math.floor(r() * 7);
    if (k === 0) steps.push(op.compute(us(1 + Math.floor(r() * 3000))));
    else if (k === 1) steps.push(op.sleep(us(1 + Math.floor(r() * 2000))));
    else if (k === 2) steps.push(op.io(us(1 + Math.floor(r() * 2000))));
    else if (k === 3) steps.push({ op: 'syscall', ns: us(1 + Math.floor(r() * 2000)), at: at(3) });
    else if (k === 4) steps.push(op.yield());
    else steps.push(op.sync('mu', 'lock'), op.compute(us(5)), op.sync('mu', 'unlock'));
  }
  return steps;
}

function makeProgram(seed: number) {
  const r = rng(seed);
  const workers = 2 + Math.floor(r() * 10);
  const bodies: TaskBody[] = [];
  for (let w = 0; w < workers; w++) {
    const steps = workerSteps(r);
    bodies.push(function* () { for (const s of steps) yield s; });
  }
  const pairs = 1 + Math.floor(r() * 3);
  const sender: TaskBody = function* () { for (let i = 0; i < 5; i++) yield op.sync('ch', 'send', 1, i); };
  const receiver: TaskBody = function* () { for (let i = 0; i < 5; i++) yield op.sync('ch', 'recv'); };
  const mainLocked = r() < 0.3;
  const main: TaskBody = function* () {
    if (mainLocked) yield { op: 'lock_os_thread', at: at(1) };
    const ids: TaskId[] = [];
    for (const b of bodies) ids.push(...((yield op.spawn(b, 1, 'w')) as TaskId[]));
    ids.push(...((yield op.spawn(sender, pairs, 'tx')) as TaskId[]));
    ids.push(...((yield op.spawn(receiver, pairs, 'rx')) as TaskId[]));
    yield op.join(ids);
  };
  return main;
}

describe('go runtime: random mixes', () => {
  it('finish, respect GOMAXPROCS and replay exactly', () => {
    const seeds = Number(process.env.GO_MIX_SEEDS ?? 60);
    for (let seed = 1; seed <= seeds; seed++) {
      const procs = 1 + (seed % 4);
      const cores = 1 + (seed % 3);
      const p = program(makeProgram(seed), { objects, config: { machine: { cores }, runtime: { kind: 'go', gomaxprocs: procs } } });
      const r = simulate(p, { mode: 'timed', seed, trace: seed % 5 === 0 });
      expect(r.error, `seed ${seed}`).toBeUndefined();
      expect(r.stopped, `seed ${seed}`).toBe('finished');
      expect(r.metrics.max_running, `seed ${seed}`).toBeLessThanOrEqual(Math.min(procs, cores));
      const again = simulate(p, { mode: 'timed', schedule: r.schedule });
      expect(again.makespan_ns, `seed ${seed}`).toBe(r.makespan_ns);
    }
  });
});
