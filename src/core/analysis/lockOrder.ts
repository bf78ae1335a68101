import type { Finding, RelatedLocation } from '../findings';
import type { SourceRange, TaskId } from '../program';
import type { StepInfo } from '../run';

/**
 * Lock-order analysis (the "goodlock" idea, Havelund 2000; Go's `-race` does not do it,
 * Linux lockdep does): a graph with an edge A → B each time a task acquires B while it
 * holds A, accumulated across every schedule seen. A cycle whose edges come from
 * different tasks and are not all protected by one common "gate" lock is a deadlock
 * that the schedules seen happened to miss.
 */

interface Held {
  readonly lock: string;
  readonly at: SourceRange;
  readonly shared: boolean;
}

interface OrderEdge {
  readonly from: string;
  readonly to: string;
  readonly task: TaskId;
  readonly heldAt: SourceRange;
  readonly acquireAt: SourceRange;
  /** The acquisition of `to` was a read lock (rlock): read-only cycles do not deadlock. */
  readonly shared: boolean;
  /** Other locks held at the time: a lock common to every edge of a cycle gates it. */
  readonly guards: readonly string[];
  readonly schedule?: string;
  /** The task's name in the run that recorded the edge (`T2`, `G3`), as its other findings name it. */
  readonly label?: string;
}

const ACQUIRES = new Set(['lock', 'rlock', 'try_lock']);
const RELEASES = new Set(['unlock', 'runlock']);

export class LockOrderGraph {
  private readonly edges = new Map<string, OrderEdge>();
  private held = new Map<TaskId, Held[]>();
  private schedule?: string;
  /** The display names of objects made at run time (a front end's `make` steps: `a.lock`), by id. */
  private readonly made = new Map<string, string>();

  /** Starts a new run: what is held is per run; the graph is kept across runs. */
  beginRun(): void {
    this.held = new Map();
    this.schedule = undefined;
  }

  /**
   * The schedule string of the run whose edges are being recorded (set when it is known),
   * and the run's own names for its tasks, so a lock-order finding names them as the
   * deadlock finding of the same run does.
   */
  endRun(schedule: string, label?: (t: TaskId) => string): void {
    for (const [k, e] of this.edges) {
      if (e.schedule === undefined) this.edges.set(k, { ...e, schedule, ...(label ? { label: label(e.task) } : {}) });
    }
  }

  /**
   * One untimed step. `acquired` says whether a try_lock succeeded (the step itself does
   * not carry the result); blocking lock steps are only taken when they complete.
   */
  onStep(step: StepInfo, acquired = true): void {
    const op = step.op;
    if (op.op === 'make' && 'sync' in op.decl && op.decl.sync.name !== op.decl.sync.id) this.made.set(op.decl.sync.id, op.decl.sync.name);
    if (op.op !== 'sync') return;
    if (ACQUIRES.has(op.action)) {
      if (op.action === 'try_lock' && !acquired) return;
      this.acquire(step.task, op.obj, op.at, op.action === 'rlock');
    } else if (RELEASES.has(op.action)) {
      this.releaseLock(step.task, op.obj);
    }
  }

  acquire(task: TaskId, lock: string, at: SourceRange, shared: boolean): void {
    const mine = this.held.get(task) ?? [];
    for (const h of mine) {
      if (h.lock === lock) continue;
      const key = `${h.lock}->${lock}@${task}`;
      if (this.edges.has(key)) continue;
      const guards = mine.filter((g) => g.lock !== h.lock && g.lock !== lock).map((g) => g.lock);
      this.edges.set(key, { from: h.lock, to: lock, task, heldAt: h.at, acquireAt: at, shared, guards, schedule: this.schedule });
    }
    mine.push({ lock, at, shared });
    this.held.set(task, mine);
  }

  releaseLock(task: TaskId, lock: string): void {
    // Go lets any goroutine unlock a sync.Mutex: release it from whichever task holds it.
    const order = [task, ...[...this.held.keys()].filter((t) => t !== task)];
    for (const t of order) {
      const mine = this.held.get(t);
      if (!mine) continue;
      for (let i = mine.length - 1; i >= 0; i--) {
        if (mine[i].lock === lock) {
          mine.splice(i, 1);
          return;
        }
      }
    }
  }

  /**
   * At most one deadlock cycle per strongly connected component of the lock graph, of any
   * length (five naive dining philosophers make a cycle of five). Tarjan's SCC pass first
   * (iterative: the graph may be large), then a bounded search inside each component for
   * an elementary cycle whose edges come from distinct tasks and that no gate lock or
   * read-only acquisitions make harmless. Output is bounded by `maxCycles`.
   */
  cycles(maxCycles = 100, searchBudget = 500_000): OrderEdge[][] {
    const byFrom = new Map<string, OrderEdge[]>();
    for (const e of this.edges.values()) {
      const list = byFrom.get(e.from) ?? [];
      list.push(e);
      byFrom.set(e.from, list);
    }
    const found: OrderEdge[][] = [];
    const budget = { left: searchBudget };
    for (const component of stronglyConnected(byFrom)) {
      if (found.length >= maxCycles) break;
      if (component.size < 2) continue;
      const cycle = deadlockCycleIn(component, byFrom, budget);
      if (budget.left < 0) break;
      if (cycle) found.push(cycle);
    }
    return found;
  }

  findings(declared: (lock: string) => string = (l) => l): Finding[] {
    const name = (lock: string): string => this.made.get(lock) ?? declared(lock);
    return this.cycles().map((cycle) => {
      const label = (e: OrderEdge): string => e.label ?? `T${e.task + 1}`;
      const parts = cycle.map((e) => `${label(e)} takes \`${name(e.from)}\` then \`${name(e.to)}\``);
      const related: RelatedLocation[] = [];
      for (const e of cycle) {
        related.push({ at: e.heldAt, message: `${label(e)} holds \`${name(e.from)}\` from here` });
        related.push({ at: e.acquireAt, message: `${label(e)} acquires \`${name(e.to)}\` while holding \`${name(e.from)}\`` });
      }
      const schedule = cycle.map((e) => e.schedule).find((s) => s !== undefined);
      return {
        kind: 'lock-order' as const,
        severity: 'warning' as const,
        message: `Lock-order cycle: ${parts.join(', ')}; in another interleaving these tasks deadlock. Acquire the locks in one global order.`,
        at: cycle[0].acquireAt,
        related: related.slice(1),
        ...(schedule ? { schedule } : {}),
      };
    });
  }
}

function isDeadlockCycle(cycle: readonly OrderEdge[]): boolean {
  if (cycle.every((e) => e.shared)) return false;
  // A gate lock held across every edge serialises them: no deadlock.
  const [first, ...rest] = cycle;
  return !first.guards.some((g) => rest.every((e) => e.guards.includes(g)));
}

/** Tarjan's strongly connected components, without recursion. */
function stronglyConnected(byFrom: ReadonlyMap<string, readonly OrderEdge[]>): Set<string>[] {
  const nodes = new Set<string>();
  for (const [from, list] of byFrom) {
    nodes.add(from);
    for (const e of list) nodes.add(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: Set<string>[] = [];
  let next = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, next); low.set(root, next); next++;
    stack.push(root); onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const out1 = byFrom.get(top.node) ?? [];
      if (top.edge < out1.length) {
        const to = out1[top.edge++].to;
        if (!index.has(to)) {
          index.set(to, next); low.set(to, next); next++;
          stack.push(to); onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component = new Set<string>();
        for (;;) {
          const n = stack.pop()!;
          onStack.delete(n);
          component.add(n);
          if (n === top.node) break;
        }
        out.push(component);
      }
    }
  }
  return out;
}

/**
 * One elementary cycle inside `component` that can deadlock: distinct locks, each edge from
 * a different task, not gated, not read-only. Depth-first from each edge, bounded by
 * `budget`, shared by every component (a component of many tasks and locks has exponentially
 * many cycles; one is enough to report, and the bound keeps the analysis linear in practice).
 */
function deadlockCycleIn(component: ReadonlySet<string>, byFrom: ReadonlyMap<string, readonly OrderEdge[]>, budget: { left: number }): OrderEdge[] | undefined {
  const inside = (e: OrderEdge): boolean => component.has(e.to);
  const path: OrderEdge[] = [];
  const locks = new Set<string>();
  const tasks = new Set<TaskId>();
  const extend = (): boolean => {
    if (--budget.left < 0) return false;
    const last = path[path.length - 1];
    if (last.to === path[0].from) return isDeadlockCycle(path);
    for (const next of byFrom.get(last.to) ?? []) {
      if (!inside(next) || locks.has(next.from) || tasks.has(next.task)) continue;
      path.push(next); locks.add(next.from); tasks.add(next.task);
      if (extend()) return true;
      path.pop(); locks.delete(next.from); tasks.delete(next.task);
    }
    return false;
  };
  for (const from of component) {
    for (const first of byFrom.get(from) ?? []) {
      if (!inside(first)) continue;
      path.push(first); locks.add(first.from); tasks.add(first.task);
      if (extend()) return path.slice();
      path.pop(); locks.delete(first.from); tasks.delete(first.task);
      if (budget.left < 0) return undefined;
    }
  }
  return undefined;
}
