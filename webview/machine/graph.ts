/**
 * Turns a machine snapshot into the nested-box graph elkjs lays out: the chip holds
 * cores, each core its hardware threads, each hardware thread the OS thread on it (an M
 * for Go), and each M the P it holds and the task it runs. Beside the chip, a column of
 * queues: each P's local run queue with runnext, the global queue (or the OS ready queue),
 * the netpoller, idle Ps, an event loop's queues (ready, macrotasks, microtasks, timers), blocked tasks
 * grouped by what they wait on, the GIL, syscalls.
 * Runtimes without a P (threads, python, processes) get no P boxes at all.
 *
 * Pure: no DOM, so it is unit-testable; sizes are estimated from text length because
 * elkjs needs leaf sizes before layout.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { MachineSnapshot } from '../../src/protocol/panel';

export type BoxKind = 'root' | 'chip' | 'core' | 'hw' | 'thread' | 'p' | 'task' | 'queues' | 'queue' | 'empty';

/** What the view needs to draw one box, besides its laid-out position. */
export interface BoxInfo {
  readonly kind: BoxKind;
  readonly label: string;
  /** Tasks shown as chips inside the box (queues). */
  readonly tasks?: readonly string[];
  /** A task id for task boxes, for motion between moments. */
  readonly task?: string;
  /** Task boxes: where the task is, after its name (`running on M0`). */
  readonly context?: string;
  /** Hardware thread, thread and P boxes: the task running there, whose source line the box links to. */
  readonly runs?: string;
  /** Extra words for screen readers and tooltips. */
  readonly describe: string;
  /** A task shown first and outlined (a P's runnext, the GIL's holder)... */
  readonly lead?: string;
  /** ...and the word after it (`next`, `holds`). */
  readonly leadNote?: string;
}

export interface MachineGraph {
  readonly root: ElkNode;
  readonly boxes: Map<string, BoxInfo>;
}

const CHAR_PX = 7;
const CHIP_PX = 30;
const HEADER = 20;
const padding = `[top=${HEADER + 4},left=6,bottom=6,right=6]`;
const container = (algorithm: string, extra: Record<string, string> = {}) => ({
  'elk.algorithm': algorithm, 'elk.padding': padding, 'elk.spacing.nodeNode': '8', ...extra,
});

export function machineGraph(m: MachineSnapshot): MachineGraph {
  const boxes = new Map<string, BoxInfo>();
  const leaf = (id: string, info: BoxInfo, width?: number): ElkNode => {
    boxes.set(id, info);
    return { id, width: width ?? Math.max(44, info.label.length * CHAR_PX + 16), height: 24 };
  };
  const taskBox = (id: string, task: string, role: string) =>
    leaf(id, { kind: 'task', label: task, task, describe: `${task} ${role}`, context: role });
  const threads = new Map(m.threads.map((t) => [t.id, t]));
  const isGo = m.runtime === 'go';
  const threadWord = isGo ? 'M' : 'thread';

  const threadNode = (id: string): ElkNode => {
    const t = threads.get(id);
    const children: ElkNode[] = [];
    if (t?.p) {
      boxes.set(`${t.p}`, { kind: 'p', label: t.p, describe: `processor ${t.p}, held by ${id}`, runs: t.running ?? undefined });
      children.push({ id: t.p, width: 44, height: 24 });
    }
    if (t?.running) children.push(taskBox(`run:${id}`, t.running, `running on ${id}`));
    if (t?.inSyscall) children.push(leaf(`sys:${id}`, { kind: 'empty', label: 'in syscall', describe: `${id} is in a blocking syscall` }));
    if (children.length === 0) children.push(leaf(`idle:${id}`, { kind: 'empty', label: isGo ? 'spinning' : 'idle', describe: `${id} has nothing to run` }));
    boxes.set(id, { kind: 'thread', label: id, describe: `${threadWord} ${id}${t?.p ? ` holding ${t.p}` : ''}${t?.running ? `, running ${t.running}` : ''}`,
      runs: t?.running ?? undefined });
    return { id, children, layoutOptions: container('box') };
  };

  const cores: ElkNode[] = m.cores.map((core) => {
    boxes.set(core.id, { kind: 'core', label: core.id, describe: `core ${core.id}` });
    return {
      id: core.id,
      layoutOptions: container('box'),
      children: core.hwThreads.map((hw) => {
        boxes.set(hw.id, { kind: 'hw', label: hw.id, describe: `hardware thread ${hw.id}${hw.thread ? ` running ${threadWord} ${hw.thread}` : ', idle'}`,
          runs: (hw.thread ? threads.get(hw.thread)?.running : null) ?? undefined });
        const inner = hw.thread ? [threadNode(hw.thread)] : [leaf(`idle:${hw.id}`, { kind: 'empty', label: 'idle', describe: `${hw.id} is idle` })];
        return { id: hw.id, children: inner, layoutOptions: container('box') };
      }),
    };
  });
  boxes.set('chip', { kind: 'chip', label: 'chip', describe: `chip with ${m.cores.length} cores` });
  const chip: ElkNode = { id: 'chip', children: cores, layoutOptions: container('box', { 'elk.aspectRatio': '1.2' }) };

  const queues: ElkNode[] = [];
  const queue = (id: string, label: string, tasks: readonly string[], describe: string, lead?: string, leadNote?: string) => {
    const shown = Math.min(tasks.length, 8);
    const width = Math.max(label.length * CHAR_PX + 16, Math.min(4, Math.max(1, shown)) * (CHIP_PX + 14) + 16 + (lead ? CHIP_PX + 14 : 0));
    const rows = Math.max(1, Math.ceil(shown / 4));
    boxes.set(id, { kind: 'queue', label, tasks, describe, lead, leadNote });
    queues.push({ id, width, height: HEADER + 8 + rows * 22 });
  };
  for (const p of m.processors) {
    const held = m.threads.some((t) => t.p === p.id);
    queue(`runq:${p.id}`, `${p.id} run queue${held ? '' : ' (idle P)'}`, p.runq,
      `${p.id} local run queue: ${p.runq.length} goroutines${p.runnext ? `, runnext ${p.runnext}` : ''}`, p.runnext ?? undefined, 'next');
  }
  // An event loop's macrotask queue is its ready queue, drawn with the loop's queues below.
  if (!m.loopQueues?.some((q) => q.name === 'macrotasks')) {
    queue('global', isGo ? 'global run queue' : 'OS ready queue', m.globalQueue, `${isGo ? 'global run queue' : 'ready queue'}: ${m.globalQueue.length} waiting`);
  }
  if (isGo) queue('netpoller', 'netpoller', m.netpoller, `netpoller: ${m.netpoller.length} goroutines waiting on I/O`);
  if (m.gil) {
    queue('gil', `GIL: ${m.gil.holder ?? 'free'}`, m.gil.waiting,
      `GIL ${m.gil.holder ? `held by ${m.gil.holder}` : 'free'}, ${m.gil.waiting.length} waiting`, m.gil.holder ?? undefined, 'holds');
  }
  // An event loop's own queues (asyncio: ready, timers; JavaScript: macrotasks, I/O in flight,
  // microtasks, timers): what waits is a callback or a macrotask, one item a row, head first,
  // in the words the loop keeps.
  for (const q of m.loopQueues ?? []) {
    const id = `loop:${q.name}`;
    const label = `event loop: ${q.name}`;
    const shown = Math.min(q.items.length, 8);
    const longest = Math.min(40, Math.max(5, ...q.items.slice(0, 8).map((t) => t.length)));
    boxes.set(id, { kind: 'queue', label, tasks: q.items, describe: `${label}: ${q.items.length ? q.items.join('; ') : 'empty'}` });
    queues.push({ id, width: Math.max(label.length, longest) * CHAR_PX + 28, height: HEADER + 8 + Math.max(1, shown + (q.items.length > 8 ? 1 : 0)) * 22 });
  }
  // A semaphore also says its permits and holders, so a class sees why its waiters wait.
  for (const b of m.blocked) {
    const state = b.state ? `: ${b.state}` : '';
    queue(`blocked:${b.on}`, `blocked on ${b.on}${state}`, b.tasks, `blocked on ${b.on}${state}; waiting: ${b.tasks.join(', ')}`);
  }
  if (m.syscalls.length) {
    queue('syscalls', 'syscalls in progress', m.syscalls.map((s) => s.task),
      `syscalls in progress: ${m.syscalls.map((s) => `${s.task} on ${s.thread}`).join(', ')}`);
  }
  boxes.set('queues', { kind: 'queues', label: 'queues', describe: 'run queues and waiting tasks' });
  boxes.set('root', { kind: 'root', label: '', describe: 'machine' });
  const root: ElkNode = {
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'box', 'elk.padding': '[top=4,left=4,bottom=4,right=4]', 'elk.spacing.nodeNode': '16', 'elk.aspectRatio': '2.4' },
    children: [
      chip,
      { id: 'queues', children: queues, layoutOptions: container('box', { 'elk.aspectRatio': '0.6' }) },
    ],
  };
  keepOrder(root);
  return { root, boxes };
}

/** elk's box layout packs by priority, then size: descending priorities keep our order (hw0 before hw1, P0 before P1). */
function keepOrder(node: ElkNode): void {
  const kids = node.children ?? [];
  kids.forEach((k, i) => {
    k.layoutOptions = { ...k.layoutOptions, 'elk.priority': String(kids.length - i) };
    keepOrder(k);
  });
}
