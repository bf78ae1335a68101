/**
 * The machine view's graph (webview/machine/graph.ts) and its elkjs layout, in Node:
 * nesting follows chip → core → hw thread → thread → P and task; runtimes without a P
 * get none; every laid-out box fits inside its parent.
 */
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { layoutMachine, machineGraph } from '../../webview/machine/graph';
import { fixture } from './harness';

const go = fixture('go-steal');
const py = fixture('python-gil');

function pathTo(node: ElkNode, id: string, trail: string[] = []): string[] | null {
  if (node.id === id) return [...trail, id];
  for (const c of node.children ?? []) {
    const p = pathTo(c, id, [...trail, node.id]);
    if (p) return p;
  }
  return null;
}

describe('machine graph', () => {
  it('nests P and the running G inside the M, inside its hw thread, core and chip', () => {
    const { root, boxes } = machineGraph(go.moments[2].machine);
    expect(pathTo(root, 'P1')).toEqual(['root', 'chip', 'core1', 'hw2', 'M1', 'P1']);
    expect(pathTo(root, 'run:M1')).toEqual(['root', 'chip', 'core1', 'hw2', 'M1', 'run:M1']);
    expect(boxes.get('runq:P0')).toMatchObject({ tasks: ['G4'], lead: 'G5', leadNote: 'next' });
    expect(boxes.get('runq:P2')!.label).toBe('P2 run queue (idle P)');
  });

  it('names the task each hw thread, M and P runs (their labels link to its line), and none when idle', () => {
    const { boxes } = machineGraph(go.moments[5].machine); // M1 in a syscall without P; M2 on hw1 runs G3
    expect(['hw0', 'M0', 'P0', 'hw1', 'M2', 'P1'].map((id) => boxes.get(id)!.runs)).toEqual(['G5', 'G5', 'G5', 'G3', 'G3', 'G3']);
    expect(['hw2', 'M1', 'hw3'].map((id) => boxes.get(id)!.runs)).toEqual([undefined, undefined, undefined]);
    expect(boxes.get('run:M2')).toMatchObject({ kind: 'task', task: 'G3', context: 'running on M2' });
  });

  it('has no P for Python, and shows the GIL with its holder', () => {
    const { boxes } = machineGraph(py.moments[2].machine);
    expect([...boxes.values()].filter((b) => b.kind === 'p')).toEqual([]);
    expect([...boxes.keys()].filter((k) => k.startsWith('runq:'))).toEqual([]);
    expect(boxes.get('gil')).toMatchObject({ label: 'GIL: T2', lead: 'T2', tasks: ['T1'] });
    expect(boxes.has('netpoller')).toBe(false);
  });

  it('draws an event loop’s queues as queues: one box each, its callbacks head first', async () => {
    const m = { ...py.moments[2].machine, loopQueues: [
      { name: 'ready', items: ['Task-3.__step', 'task `main` done'] },
      { name: 'timers', items: ['worker: asyncio.sleep(0.01) at 10.002 ms'] },
    ] };
    const { root, boxes } = machineGraph(m);
    expect(boxes.get('loop:ready')).toMatchObject({ kind: 'queue', label: 'event loop: ready', tasks: ['Task-3.__step', 'task `main` done'] });
    expect(boxes.get('loop:timers')!.tasks).toEqual(['worker: asyncio.sleep(0.01) at 10.002 ms']);
    expect(pathTo(root, 'loop:ready')).toEqual(['root', 'queues', 'loop:ready']);
    // Without a loop, no such box.
    expect([...machineGraph(py.moments[2].machine).boxes.keys()].filter((k) => k.startsWith('loop:'))).toEqual([]);
    await new ELK().layout(root);
  });

  it('lays out with elkjs so that every box lies inside its parent', async () => {
    const laid = await layoutMachine(machineGraph(go.moments[5].machine), 900, new ELK());
    const check = (n: ElkNode) => {
      for (const c of n.children ?? []) {
        expect(c.x!).toBeGreaterThanOrEqual(0);
        expect(c.y!).toBeGreaterThanOrEqual(0);
        expect(c.x! + c.width!).toBeLessThanOrEqual(n.width! + 0.5);
        expect(c.y! + c.height!).toBeLessThanOrEqual(n.height! + 0.5);
        check(c);
      }
    };
    check(laid);
    const ids = (laid.children ?? []).map((c) => c.id);
    expect(ids).toEqual(['chip', 'queues']);
  });

  it('puts the cores in a grid of equal rows (4 cores: a row when wide, 2×2 when narrow, never 3 + 1) and the queues beside or under the chip', async () => {
    const m = { ...go.moments[2].machine, cores: [0, 1, 2, 3, 4, 5].map((c) => ({ id: `core${c}`, hwThreads: [{ id: `hw${c}`, thread: null }] })) };
    const rowsOf = (laid: ElkNode) => {
      const counts = new Map<number, number>();
      for (const c of laid.children![0].children!) counts.set(c.y!, (counts.get(c.y!) ?? 0) + 1);
      return [...counts.values()];
    };
    const four = { ...m, cores: m.cores.slice(0, 4) };
    const wide = await layoutMachine(machineGraph(four), 1600, new ELK());
    expect(rowsOf(wide)).toEqual([4]);
    const [chip, queues] = wide.children!;
    expect(queues.x!).toBeGreaterThanOrEqual(chip.x! + chip.width!);
    expect(wide.width!).toBeLessThanOrEqual(1600);
    const narrow = await layoutMachine(machineGraph(four), 300, new ELK());
    expect(rowsOf(narrow)).toEqual([2, 2]);
    expect(narrow.children![1].y!).toBeGreaterThanOrEqual(narrow.children![0].y! + narrow.children![0].height!);
    expect(rowsOf(await layoutMachine(machineGraph(m), 300, new ELK()))).toEqual([2, 2, 2]);
    const seen = new Set<string>();
    for (let width = 200; width <= 1600; width += 40) {
      const rows = rowsOf(await layoutMachine(machineGraph(m), width, new ELK()));
      expect(new Set(rows).size, `${width} px: ${rows}`).toBe(1); // six cores: 6, 3+3, 2+2+2, never 4+2
      seen.add(rows.join('+'));
    }
    expect([...seen]).toEqual(expect.arrayContaining(['2+2+2', '3+3', '6']));
  });

  it('sizes a queue box for its chips as drawn: a longer name or a lead chip makes it wider or taller, never spilling', () => {
    const size = (runq: string[], runnext: string | null) => {
      const { root } = machineGraph({ ...go.moments[2].machine, processors: [{ ...go.moments[2].machine.processors[0], runq, runnext }] });
      const q = root.children![1].children!.find((c) => c.id === 'runq:P0')!;
      return { w: q.width!, h: q.height! };
    };
    const short = size(['G4'], null);
    expect(size(['a-goroutine-with-a-long-name'], null).w).toBeGreaterThan(short.w);
    expect(size(['G4'], 'G5').w).toBeGreaterThan(short.w);
    const many = size(Array.from({ length: 20 }, (_, i) => `G${i + 10}`), 'G5');
    expect(many.h).toBeGreaterThan(short.h); // wraps to more rows; 8 shown and "+12"
  });
});
