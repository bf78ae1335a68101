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
}

const ACQUIRES = new Set(['lock', 'rlock', 'try_lock']);
const RELEASES = new Set(['unlock', 'runlock']);

export class LockOrderGraph {
  private readonly edges = new Map<string, OrderEdge>();
  private held = new Map<TaskId, Held[]>();
  private schedule?: string;

  /** Starts a new run: what is held is per run; the graph is kept across runs. */
  beginRun(): void {
    this.held = new Map();
    this.schedule = undefined;
  }

  /** The schedule string of the run whose edges are being recorded (set when it is known). */
  endRun(schedule: string): void {
    for (const [k, e] of this.edges) if (e.schedule === undefined) this.edges.set(k, { ...e, schedule });
  }

  /**
   * One untimed step. `acquired` says whether a try_lock succeeded (the step itself does
   * not carry the result); blocking lock steps are only taken when they complete.
   */
  onStep(step: StepInfo, acquired = true): void {
    const op = step.op;
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

  /** Every cycle of length 2 to 4, once per set of locks. */
  cycles(): OrderEdge[][] {
    const byFrom = new Map<string, OrderEdge[]>();
    for (const e of this.edges.values()) {
      const list = byFrom.get(e.from) ?? [];
      list.push(e);
      byFrom.set(e.from, list);
    }
    const found = new Map<string, OrderEdge[]>();
    const extend = (path: OrderEdge[]): void => {
      const last = path[path.length - 1];
      if (last.to === path[0].from) {
        if (isDeadlockCycle(path)) {
          const key = path.map((e) => e.from).sort().join(',');
          if (!found.has(key)) found.set(key, path.slice());
        }
        return;
      }
      if (path.length >= 4) return;
      for (const next of byFrom.get(last.to) ?? []) {
        if (path.some((e) => e.from === next.from || e.task === next.task)) continue;
        path.push(next);
        extend(path);
        path.pop();
      }
    };
    for (const e of this.edges.values()) extend([e]);
    return [...found.values()];
  }

  findings(name: (lock: string) => string = (l) => l, label: (t: TaskId) => string = (t) => `T${t}`): Finding[] {
    return this.cycles().map((cycle) => {
      const parts = cycle.map((e) => `${label(e.task)} takes \`${name(e.from)}\` then \`${name(e.to)}\``);
      const related: RelatedLocation[] = [];
      for (const e of cycle) {
        related.push({ at: e.heldAt, message: `${label(e.task)} holds \`${name(e.from)}\` from here` });
        related.push({ at: e.acquireAt, message: `${label(e.task)} acquires \`${name(e.to)}\` while holding \`${name(e.from)}\`` });
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
