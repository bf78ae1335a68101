/**
 * What moved on the last step, for the machine view's arrows: the difference between the
 * snapshot before an event and the one after it. Each task has one place in a snapshot
 * (the thread running it, a P's queue, the global queue, the netpoller, a blocked group,
 * a syscall, the GIL's waiters); a task whose place changed moved, and the pair of places
 * says what kind of move it was. A P that moved from one M to another was handed off.
 */
import type { ChangeKind, MachineChange, MachineSnapshot } from '../../protocol/panel';

type Place = { readonly node: string; readonly kind: 'thread' | 'p' | 'global' | 'netpoller' | 'blocked' | 'syscalls' | 'gil' | 'creating' };

function places(s: MachineSnapshot): Map<string, Place> {
  const at = new Map<string, Place>();
  const put = (task: string | null, node: string, kind: Place['kind']) => {
    if (task !== null && !at.has(task)) at.set(task, { node, kind });
  };
  for (const t of s.threads) put(t.running, t.id, 'thread');
  for (const p of s.processors) {
    put(p.runnext, p.id, 'p');
    for (const g of p.runq) put(g, p.id, 'p');
  }
  for (const g of s.globalQueue) put(g, 'global', 'global');
  for (const g of s.creating ?? []) put(g, 'creating', 'creating');
  for (const g of s.netpoller) put(g, 'netpoller', 'netpoller');
  for (const sc of s.syscalls) put(sc.task, 'syscalls', 'syscalls');
  if (s.gil) for (const t of s.gil.waiting) put(t, 'gil', 'gil');
  for (const b of s.blocked) for (const t of b.tasks) put(t, `blocked:${b.on}`, 'blocked');
  return at;
}

const WAITING = new Set<Place['kind']>(['netpoller', 'blocked', 'syscalls', 'gil']);
const QUEUED = new Set<Place['kind']>(['p', 'global']);

function kindOf(from: Place, to: Place): ChangeKind {
  if (from.kind === 'creating') return 'created'; // its kernel thread exists now: it can be scheduled
  if (from.kind === 'p' && to.kind === 'p') return 'steal'; // proc.go: runqsteal
  if (from.kind === 'global' && to.kind === 'p') return 'steal'; // proc.go: globrunqget into the local queue
  if (WAITING.has(from.kind)) return to.kind === 'thread' ? 'run' : 'wake';
  if (from.kind === 'thread' && WAITING.has(to.kind)) return 'block';
  if (from.kind === 'thread' && QUEUED.has(to.kind)) return 'preempt';
  // A thread that got its CPU back and waits for the GIL held by another: it blocks on it.
  if (to.kind === 'gil') return 'block';
  return 'run';
}

/** `parentOf(task)`: who spawned a task (its `spawn` arrow starts there), when known. */
export function changesBetween(before: MachineSnapshot | null, after: MachineSnapshot,
  parentOf: (task: string) => string | undefined = () => undefined): MachineChange[] {
  const a = before ? places(before) : new Map<string, Place>();
  const b = places(after);
  const grouped = new Map<string, { kind: ChangeKind; from: string; to: string; tasks: string[] }>();
  const add = (kind: ChangeKind, from: string, to: string, task: string | null) => {
    const key = `${kind}\u0000${from}\u0000${to}`;
    let g = grouped.get(key);
    if (!g) grouped.set(key, (g = { kind, from, to, tasks: [] }));
    if (task !== null) g.tasks.push(task);
  };
  for (const [task, to] of b) {
    const from = a.get(task);
    if (!from) {
      if (before) add('spawn', parentOf(task) ?? 'global', to.node, task);
      continue;
    }
    if (from.node !== to.node) add(kindOf(from, to), from.node, to.node, task);
  }
  if (before) {
    const running = new Set(after.threads.map((t) => t.running).filter((t): t is string => t !== null));
    for (const [task, from] of a) {
      // Gone from every place and not running: it ended (a finished task appears nowhere).
      if (!b.has(task) && from.kind === 'thread' && !running.has(task)) add('exit', from.node, from.node, task);
    }
    // proc.go: handoffp — a P left an M in a syscall and now belongs to another M.
    const pOwner = new Map(before.threads.filter((t) => t.p !== null).map((t) => [t.p!, t.id]));
    for (const t of after.threads) {
      const was = t.p !== null ? pOwner.get(t.p) : undefined;
      if (was !== undefined && was !== t.id) add('handoff', was, t.id, null);
    }
    // The GIL changed hands.
    if (before.gil && after.gil && before.gil.holder !== after.gil.holder && after.gil.holder !== null) {
      add('gil', before.gil.holder ?? 'gil', after.gil.holder, after.gil.holder);
    }
  }
  return [...grouped.values()];
}
