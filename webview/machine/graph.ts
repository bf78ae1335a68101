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

/**
 * The width in px of a text in the view's 11 px box font. The webview passes a canvas
 * measure of its real font; without one (Node, tests) an estimate that errs wide.
 */
export type MeasureText = (text: string, bold?: boolean) => number;
export const estimateText: MeasureText = (text, bold) => text.length * (bold ? 7.4 : 7);

const HEADER = 20;
/** Chips: 6 px padding each side, 3 px apart, 18 px rows (media/panel.css .mchip, .mchips). */
const CHIP_PAD = 12;
const CHIP_GAP = 3;
const CHIP_ROW = 18;
/** A chip never grows past this; longer names end in an ellipsis (media/panel.css). */
export const CHIP_MAX = 160;
/** At most this many chips in a row before a queue box wraps. */
const CHIPS_PER_ROW = 4;
const padding = `[top=${HEADER + 4},left=6,bottom=6,right=6]`;
const container = (algorithm: string, extra: Record<string, string> = {}) => ({
  'elk.algorithm': algorithm, 'elk.padding': padding, 'elk.spacing.nodeNode': '8', ...extra,
});

export function machineGraph(m: MachineSnapshot, measure: MeasureText = estimateText): MachineGraph {
  const boxes = new Map<string, BoxInfo>();
  const leaf = (id: string, info: BoxInfo, width?: number): ElkNode => {
    boxes.set(id, info);
    return { id, width: width ?? Math.max(44, measure(info.label, info.kind === 'task') + 18), height: 24 };
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
      children.push({ id: t.p, width: Math.max(44, measure(t.p) + 18), height: 24 });
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
      // A core's hardware threads side by side (SMT siblings), as in every core of the chip.
      layoutOptions: container('box', { 'elk.aspectRatio': '8' }),
      children: core.hwThreads.map((hw) => {
        boxes.set(hw.id, { kind: 'hw', label: hw.id, describe: `hardware thread ${hw.id}${hw.thread ? ` running ${threadWord} ${hw.thread}` : ', idle'}`,
          runs: (hw.thread ? threads.get(hw.thread)?.running : null) ?? undefined });
        const inner = hw.thread ? [threadNode(hw.thread)] : [leaf(`idle:${hw.id}`, { kind: 'empty', label: 'idle', describe: `${hw.id} is idle` })];
        return { id: hw.id, children: inner, layoutOptions: container('box') };
      }),
    };
  });
  boxes.set('chip', { kind: 'chip', label: 'chip', describe: `chip with ${m.cores.length} cores` });
  const chip: ElkNode = { id: 'chip', children: cores }; // laid out by layoutMachine

  const queues: ElkNode[] = [];
  const queue = (id: string, label: string, tasks: readonly string[], describe: string, lead?: string, leadNote?: string) => {
    boxes.set(id, { kind: 'queue', label, tasks, describe, lead, leadNote });
    const { width, height } = queueSize(label, tasks, measure, lead, leadNote);
    queues.push({ id, width, height });
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
  // Threads whose kernel thread is still being created: not runnable yet (a core may sit idle meanwhile).
  if (m.creating?.length) {
    queue('creating', 'being created (pthread_create)', m.creating,
      `being created: ${m.creating.join(', ')}; each thread's kernel thread is created (os.thread_create) before it can run`);
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
    const shown = Math.min(q.items.length, SHOWN);
    const longest = Math.min(40 * 7, Math.max(5 * 7, ...q.items.slice(0, SHOWN).map((t) => measure(t))));
    boxes.set(id, { kind: 'queue', label, tasks: q.items, describe: `${label}: ${q.items.length ? q.items.join('; ') : 'empty'}` });
    queues.push({ id, width: Math.max(measure(label), longest) + 28, height: HEADER + 8 + Math.max(1, shown + (q.items.length > SHOWN ? 1 : 0)) * 22 });
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
  const root: ElkNode = { id: 'root', children: [chip, { id: 'queues', children: queues }] };
  keepOrder(root);
  return { root, boxes };
}

/** A queue box shows at most this many task chips, then "+N". */
export const SHOWN = 8;

/**
 * A queue box's size from its chips as they will be drawn: the lead chip (with its note),
 * up to SHOWN tasks and a "+N" chip, wrapped CHIPS_PER_ROW to a row (or the label's width,
 * if wider), so no chip spills out of its box however long its name.
 */
function queueSize(label: string, tasks: readonly string[], measure: MeasureText, lead?: string, leadNote?: string): { width: number; height: number } {
  const chip = (text: string, bold = false) => Math.min(CHIP_MAX, Math.max(18, measure(text, bold) + CHIP_PAD));
  const widths: number[] = [];
  // The lead chip: its name in bold, the note after it in 10 px, and a 2 px outline each side.
  if (lead) widths.push(Math.min(CHIP_MAX + 60, chip(lead, true) + (leadNote ? measure(` ${leadNote}`) * 0.92 : 0) + 4));
  for (const t of tasks.slice(0, SHOWN)) widths.push(chip(t));
  if (tasks.length > SHOWN) widths.push(chip(`+${tasks.length - SHOWN}`));
  if (widths.length === 0) widths.push(chip('empty'));
  const firstRow = widths.slice(0, CHIPS_PER_ROW).reduce((a, w) => a + w, 0) + CHIP_GAP * (Math.min(CHIPS_PER_ROW, widths.length) - 1);
  const inner = Math.max(measure(label) + 4, firstRow);
  let rows = 1, x = 0;
  for (const w of widths) {
    if (x > 0 && x + CHIP_GAP + w > inner) { rows++; x = w; } else x += (x > 0 ? CHIP_GAP : 0) + w;
  }
  // .mchips: 20 px above the chips, 4 px below, 6 px each side, and the box's 1 px border.
  return { width: Math.ceil(inner) + 12 + 2 + 2, height: 20 + rows * CHIP_ROW + (rows - 1) * CHIP_GAP + 4 + 2 + 2 };
}

/** Anything that lays out one nested graph (elkjs's ELK). */
export interface Layouter { layout(graph: ElkNode): Promise<ElkNode> }

const ROOT_PAD = 4;
const GAP = 16;
const QUEUE_GAP = 8;

/**
 * Lays the machine out to fill `width` px: each core by elkjs (its hardware threads,
 * threads, Ps and tasks nest), the cores in a grid of equal cells (all in one row when
 * they fit in about half the width, else the fewest rows that do: four cores are 4×1 or
 * 2×2, never 3 and 1), and the queues flowing in rows beside the chip, or under it when
 * there is no room beside it.
 */
export async function layoutMachine(graph: MachineGraph, width: number, elk: Layouter): Promise<ElkNode> {
  const [chip, queues] = graph.root.children ?? [];
  const avail = Math.max(200, width - 2 * ROOT_PAD);
  const cores = await Promise.all((chip.children ?? []).map((c) => elk.layout(c)));
  const cellW = Math.max(60, ...cores.map((c) => c.width ?? 0));
  const cellH = Math.max(40, ...cores.map((c) => c.height ?? 0));
  const n = Math.max(1, cores.length);
  const chipPadX = 12, chipTop = HEADER + 4, spacing = 8;
  const chipWidth = (cols: number) => chipPadX + cols * cellW + (cols - 1) * spacing;
  let cols = 1;
  for (let rows = 1; rows <= n; rows++) {
    const c = Math.ceil(n / rows);
    if (chipWidth(c) <= avail * 0.55 || c === 1) { cols = c; break; }
  }
  // Equal columns with no lone core on the last row: 4 cores in 3 columns become 2×2.
  const rowsNeeded = Math.ceil(n / cols);
  cols = Math.ceil(n / rowsNeeded);
  cores.forEach((c, i) => {
    c.x = 6 + (i % cols) * (cellW + spacing);
    c.y = chipTop + Math.floor(i / cols) * (cellH + spacing);
    c.width = cellW;
    c.height = cellH;
  });
  const laidChip: ElkNode = { ...chip, x: ROOT_PAD, y: ROOT_PAD, width: chipWidth(cols), height: chipTop + rowsNeeded * cellH + (rowsNeeded - 1) * spacing + 6, children: cores };

  const items = (queues.children ?? []).map((q) => ({ ...q }));
  const widest = Math.max(0, ...items.map((q) => q.width ?? 0));
  const besideX = laidChip.width! + GAP;
  const beside = avail - besideX >= Math.min(widest, 240) + 12;
  const qx = beside ? ROOT_PAD + besideX : ROOT_PAD;
  const qy = beside ? ROOT_PAD : ROOT_PAD + laidChip.height! + GAP;
  const regionW = Math.max(widest + 12, avail + ROOT_PAD - qx);
  let x = 6, y = HEADER + 4, rowH = 0, right = 0;
  for (const q of items) {
    if (x > 6 && x + (q.width ?? 0) > regionW - 6) { x = 6; y += rowH + QUEUE_GAP; rowH = 0; }
    q.x = x; q.y = y;
    x += (q.width ?? 0) + QUEUE_GAP;
    rowH = Math.max(rowH, q.height ?? 0);
    right = Math.max(right, q.x + (q.width ?? 0));
  }
  const laidQueues: ElkNode = { ...queues, x: qx, y: qy, width: right + 6, height: y + rowH + 6, children: items };
  return {
    ...graph.root, x: 0, y: 0,
    width: Math.max(laidChip.x! + laidChip.width!, laidQueues.x! + laidQueues.width!) + ROOT_PAD,
    height: Math.max(laidChip.y! + laidChip.height!, laidQueues.y! + laidQueues.height!) + ROOT_PAD,
    children: [laidChip, laidQueues],
  };
}

/** elk's box layout packs by priority, then size: descending priorities keep our order (hw0 before hw1, P0 before P1). */
function keepOrder(node: ElkNode): void {
  const kids = node.children ?? [];
  kids.forEach((k, i) => {
    k.layoutOptions = { ...k.layoutOptions, 'elk.priority': String(kids.length - i) };
    keepOrder(k);
  });
}
