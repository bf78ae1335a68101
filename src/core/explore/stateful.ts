import type { RaceDetector } from '../analysis/raceDetector';
import type { TaskId } from '../program';
import type { ChoicePoint, TaskSet } from '../run';
import { type ChoiceNode, FAIR_STRETCH, NO_SLEEP, PrefixRun, preferred, type SleepEntry } from './prefixRun';
import type { ScheduleDriver, SearchStrategy } from './strategy';

/**
 * Stateful search: sleep sets with state caching (Godefroid, "Partial-Order Methods for the
 * Verification of Concurrent Systems", LNCS 1032, 1996, section 5.3: the search that stores
 * each visited state with its sleep set). It runs on the untimed model's re-execution like
 * dpor: each run replays a prefix of choices from the start, then continues; at every
 * 'step' point past the prefix it asks the engine for the state (engine/stateKey.ts) and
 * the race detector for its own (RaceDetector.stateKey), and
 * - a new state is stored with the run's sleep set Z there, and the run goes on with the
 *   enabled tasks not in Z (each becomes a branch to try);
 * - a state stored with sleep set Z_old is not explored again, except for the tasks in
 *   Z_old \ Z (asleep then, awake now), and Z_old ∩ Z is stored: when Z_old ⊆ Z the run
 *   ends here (`pruned`).
 * Sleep sets are kept as dpor keeps them: a task stays asleep while the steps taken are
 * independent of its next step (execution.ts `dependent`).
 *
 * Why this loses nothing (src/core/explore/README.md, "Stateful search"): the key is the
 * whole state of the engine *and* of the race detector, so two points with equal keys have
 * the same futures, findings included (races too: a race whose first access is before a
 * stored state and whose second is after it is decided by the detector's state there,
 * which is part of the key). Godefroid's theorem then gives that every reachable state is
 * visited; a step left out at a state because its task was asleep was taken from an
 * earlier state whose path to this one is independent of it, where it touched the same
 * values and met the same detector state for what it touches, so it showed the same findings.
 *
 * Choice points other than 'step' (which ready case of a select fires) are data
 * nondeterminism inside a step: every option is tried, and no state is stored there.
 *
 * `opaque` is set when a point's state cannot be observed (a body was given an object):
 * states are then not stored and the search is plain sleep-set search from there, still
 * complete; explore.ts falls back to dpor instead.
 */

interface Node extends ChoiceNode {
  /** What this node must try (tasks, or option indexes). */
  readonly todo: readonly number[];
}

export class StatefulSearch implements SearchStrategy {
  readonly name = 'stateful';
  private nodes: Node[] = [];
  private finished = false;
  /** Each visited state's key with the tasks asleep there (as stored: Z_old ∩ Z after revisits). */
  private readonly visited = new Map<string, ReadonlySet<TaskId>>();
  /** A point whose state could not be observed was met. */
  opaque = false;
  divergence: string | null = null;
  /** Runs ended at a stored state. */
  pruned = 0;
  /** Runs ended because every enabled task was asleep. */
  sleepBlocked = 0;

  get exhausted(): boolean {
    return this.finished;
  }

  get complete(): boolean {
    return this.finished && this.divergence === null;
  }

  /** Distinct states stored. */
  get states(): number {
    return this.visited.size;
  }

  startRun(): ScheduleDriver {
    return new StatefulRun(this, this.nodes);
  }

  finishRun(run: ScheduleDriver): void {
    const r = run as StatefulRun;
    if (r.divergence) this.divergence ??= r.divergence;
    if (r.stop === 'pruned') this.pruned++;
    if (r.stop === 'asleep') this.sleepBlocked++;
    this.finished = !this.nextPrefix();
  }

  /** The tasks that were asleep when `key` was stored, or undefined for a new state; stores `asleep` either way. */
  visit(key: string, asleep: ReadonlySet<TaskId>): ReadonlySet<TaskId> | undefined {
    const old = this.visited.get(key);
    if (!old) {
      this.visited.set(key, asleep);
      return undefined;
    }
    const both = new Set<TaskId>();
    for (const t of old) if (asleep.has(t)) both.add(t);
    this.visited.set(key, both);
    return old;
  }

  private nextPrefix(): boolean {
    for (let d = this.nodes.length - 1; d >= 0; d--) {
      const node = this.nodes[d];
      const next = node.todo.find((t) => !node.done.includes(t));
      if (next !== undefined) {
        node.chosen = next;
        node.done.push(next);
        this.nodes.length = d + 1;
        return true;
      }
    }
    this.nodes.length = 0;
    return false;
  }
}

class StatefulRun extends PrefixRun<Node> {
  readonly observesState = true;
  private detector: RaceDetector | undefined;
  stop: 'pruned' | 'asleep' | null = null;

  constructor(
    private readonly search: StatefulSearch,
    nodes: Node[],
  ) {
    super(nodes);
  }

  get stopRequested(): boolean {
    return this.stop !== null;
  }

  /** The run's race detector: its state is part of each stored state. */
  attach(detector: RaceDetector | undefined): void {
    this.detector = detector;
  }

  protected extend(point: ChoicePoint, tasks: TaskSet | undefined, prevTask: TaskId | undefined): number {
    const events = this.recorder.events;
    if (this.stop) return preferred(point, prevTask);
    if (!tasks) {
      const all = point.options.map((_, k) => k);
      this.push({ kind: point.kind, options: point.options.slice(), fingerprint: '', chosen: 0, todo: all, done: [0], eventIndex: events.length, explored: new Map(), sleepIn: NO_SLEEP });
      return 0;
    }
    const asleep = new Set<TaskId>();
    for (const t of this.sleep.keys()) if (tasks.has(t)) asleep.add(t);
    let key = point.state?.() ?? null;
    if (key === null) this.search.opaque = true;
    else if (this.detector) key += '\n' + this.detector.stateKey();
    let todo: TaskId[];
    let sleepIn: ReadonlyMap<TaskId, SleepEntry> = this.sleep;
    const old = key === null ? undefined : this.search.visit(key, asleep);
    if (old) {
      // Visited: only what was asleep then and is awake now is left to try (Z_old \ Z),
      // with Z_old ∩ Z asleep.
      todo = [...old].filter((t) => !asleep.has(t) && tasks.has(t));
      if (todo.length === 0) {
        this.stop = 'pruned';
        return preferred(point, prevTask);
      }
      sleepIn = new Map([...this.sleep].filter(([t]) => old.has(t)));
    } else {
      todo = [];
      for (let k = 0; k < tasks.size; k++) if (!asleep.has(tasks.at(k))) todo.push(tasks.at(k));
      if (todo.length === 0) {
        // Every enabled task is asleep: what follows was covered from an earlier state.
        this.stop = 'asleep';
        return preferred(point, prevTask);
      }
    }
    // No preemption first, as dpor's default continuation, and as fair as it (prefixRun.ts FAIR_STRETCH).
    const stay = prevTask !== undefined && todo.includes(prevTask) && this.stretch < FAIR_STRETCH;
    const chosen = stay ? prevTask : todo.find((t) => t !== prevTask) ?? todo[0];
    this.push({
      kind: 'step', options: [], fingerprint: tasks.fingerprint, chosen, todo, done: [chosen],
      eventIndex: events.length, explored: new Map(), sleepIn: sleepIn.size > 0 ? new Map(sleepIn) : NO_SLEEP,
    });
    return tasks.indexOf(chosen);
  }
}
