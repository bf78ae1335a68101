/**
 * One run, resumable in slices: a host (the extension's worker, the debugger) calls
 * `runSlice` repeatedly, stays responsive in between and may cancel. `simulate` in
 * simulate.ts is the synchronous loop over it.
 */
import { resolveConfigOnce } from '../config';
import type { Program, SimConfig } from '../program';
import { DEFAULT_BUDGET, type Metrics, type RunOptions, type RunResult, type TaskSummary } from '../run';
import { createRuntime } from '../runtimes/registry';
import type { Runtime } from '../runtimes/runtime';
import { TraceLog } from '../trace/log';
import { noteWatchedWaits, WaitWatch } from '../trace/waits';
import type { RecordedLanes } from '../trace/lanes';
import type { RecordedFlows } from '../trace/flows';
import type { RecordedMachine } from '../trace/machine';
import { checkExpectations, reportDeadlock, reportLeaks } from './ending';
import { BudgetError, ProgramError } from './ops';
import { decodeSchedule, RecordingChooser } from './schedule';
import { defaultSyncFactory } from './sync-factory';
import { TS_BLOCKED, TS_DONE, type TaskRec } from './task';
import { TimedModel } from './timed';
import { UntimedModel } from './untimed';
import { World, type SyncFactory, type WorldHost } from './world';

/** The seed of a run that names none: timed placement ties keep their default order. */
export const DEFAULT_SEED = 1;

export interface SimulateDeps {
  /** Sync objects; defaults to the registered sync layer (src/core/index.ts registers it). */
  readonly createSyncObject?: SyncFactory;
}

/** What a finished run's trace holds: the log plus what is needed to replay it. */
export interface RunTrace {
  readonly log: TraceLog;
  readonly program: Program;
  readonly options: RunOptions;
  readonly deps: SimulateDeps;
  readonly hwThreads: number;
  readonly taskLabels: readonly string[];
  readonly taskNames: readonly string[];
  /** Each task's scheduling priority (`spawn.priority`, 0 by default). */
  readonly taskPriorities: readonly number[];
  /** The runtime's own lanes (Go: Ms and Ps), recorded during the run; absent for runtimes without them. */
  readonly lanes?: RecordedLanes;
  /** The flows an event loop ran (trace/flows.ts: asyncio Tasks, async functions); absent without one. */
  readonly flows?: RecordedFlows;
  /** The machine at every moment (trace/machine.ts), recorded during the run; absent past its work limit. */
  readonly machine?: RecordedMachine;
}

export class Simulation {
  readonly config: SimConfig;
  readonly seed: number;
  readonly chooser: RecordingChooser;
  readonly timed: TimedModel | null = null;
  readonly untimed: UntimedModel | null = null;
  readonly world: World;
  readonly runtime: Runtime | null = null;
  private result: RunResult | null = null;
  private cancelled = false;
  private error: string | undefined;

  constructor(readonly program: Program, readonly options: RunOptions, readonly deps: SimulateDeps = {}) {
    this.config = resolveConfigOnce(program.config, options.set);
    const replay = options.schedule ? decodeSchedule(options.schedule) : null;
    this.seed = replay ? replay.seed : (options.seed ?? program.seed ?? DEFAULT_SEED);
    this.chooser = new RecordingChooser(this.seed, replay ? replay.choices : [], options.chooser);
    const budget = { ...DEFAULT_BUDGET, ...options.budget };
    const factory = deps.createSyncObject ?? defaultSyncFactory();
    let world: World | null = null;
    let untimedRuntime: Runtime | null = null;
    if (options.mode === 'untimed') {
      // No scheduler runs in the untimed model, but the runtime still names the tasks
      // (G1 for goroutines) and refuses what it refuses (processes share no memory).
      const runtime = createRuntime(this.config);
      const make = (host: WorldHost) => (world = new World(program, this.config.runtime.kind, runtime.taskKind, factory, options.hb, host, budget.tasks));
      this.untimed = new UntimedModel(program, this.chooser, make, budget.events, options.onStep, options.observeState);
      untimedRuntime = runtime;
    } else {
      const runtime = createRuntime(this.config);
      this.runtime = runtime;
      const make = (host: WorldHost) => (world = new World(program, this.config.runtime.kind, runtime.taskKind, factory, options.hb, host, budget.tasks));
      this.timed = new TimedModel(program, this.config, runtime, this.chooser, make, budget.events, this.seed);
      if (options.trace) this.timed.trace = new TraceLog();
      else if (options.watchWaits) this.timed.trace = new WaitWatch();
      // The default seed keeps the default placement order (and its schedule strings);
      // any other seed lets the chooser break placement ties (`--seed` varies timed runs).
      if (this.seed !== DEFAULT_SEED) this.timed.tieChooser = (p) => this.chooser.choose(p);
    }
    this.world = world!;
    const guard = untimedRuntime as Runtime | null;
    if (guard?.onSharedAccess) this.world.accessGuard = (task, v) => guard.onSharedAccess!(task, v);
    this.guard(() => (this.timed ?? this.untimed)!.start([this.config]));
    if (this.timed?.trace && options.trace) this.timed.record(options.machine === true);
  }

  private budgetHit = false;

  private guard(f: () => void): void {
    try {
      f();
    } catch (e) {
      this.budgetHit = e instanceof BudgetError;
      this.error = e instanceof Error ? e.message : String(e);
      if (e instanceof ProgramError && this.world) {
        const t = this.world.current;
        this.world.addFinding('assertion', 'error', `${t ? t.label : 'The program'} threw an uncaught ${e.thrown}`, e.at, []);
      }
    }
  }

  get stopped(): RunResult['stopped'] | null {
    if (this.error !== undefined) return this.budgetHit ? 'budget' : 'error';
    if (this.cancelled) return 'cancelled';
    return (this.timed ?? this.untimed)!.stopped;
  }

  /** Runs up to `maxEvents` events (timed) or steps (untimed); true when the run is over. */
  runSlice(maxEvents: number): boolean {
    if (this.stopped !== null) return true;
    const model = (this.timed ?? this.untimed)!;
    this.guard(() => model.runSlice(maxEvents));
    return this.stopped !== null;
  }

  cancel(): void {
    this.cancelled = true;
  }

  /** The result; call once the run is over (or to cut it short). */
  finish(): RunResult {
    if (this.result) return this.result;
    const w = this.world;
    const stopped = this.stopped ?? 'cancelled';
    const timed = this.timed;
    const makespan = timed ? (timed.makespan || timed.time) : 0;
    // A run whose last movable tasks spin forever was reported as a livelock (untimed.ts).
    if (stopped === 'deadlock' && !this.untimed?.livelocked) reportDeadlock(w);
    if (stopped === 'finished') reportLeaks(w);
    checkExpectations(w, this.program.expects, makespan, timed !== null, stopped === 'finished', this.config,
      (name) => timed?.metrics.get(name) ?? 0);
    const schedule = this.chooser.schedule();
    const findings = w.findings.map((f) => ({ ...f, schedule }));
    const now = timed ? timed.time : 0;
    const tasks: TaskSummary[] = w.tasks.map((t) => summary(t, now));
    const error = this.error ?? (timed ? timed.error : this.untimed!.error);
    const notes = this.runtime ? this.runtime.notes : [];
    this.result = {
      config: this.config,
      seed: this.seed,
      makespan_ns: makespan,
      events: timed ? timed.events : this.untimed!.events,
      metrics: metricsOf(this),
      tasks,
      finals: w.sharedFinals(),
      returned: w.tasks.length > 0 ? w.tasks[0].returned : undefined,
      findings,
      schedule,
      log: [...notes.map((text) => ({ ns: 0, task: 'note', text })), ...w.log],
      stopped,
      ...(error !== undefined ? { error } : {}),
      ...(timed?.trace && this.options.trace ? { trace: this.makeTrace(timed) } : {}),
    };
    if (timed?.trace instanceof WaitWatch) noteWatchedWaits(this.result, timed.trace.finish(makespan, w.tasks));
    return this.result;
  }

  private makeTrace(timed: TimedModel): RunTrace {
    timed.trace!.trim();
    return {
      log: timed.trace!,
      program: this.program,
      // Only what fixes the run: observers (hb, onStep, chooser, shouldCancel) must not fire again on replay.
      options: {
        mode: this.options.mode, schedule: this.chooser.schedule(), trace: true,
        ...(this.options.set ? { set: this.options.set } : {}), ...(this.options.budget ? { budget: this.options.budget } : {}),
      },
      deps: this.deps,
      hwThreads: timed.machine.hwCount,
      taskLabels: this.world.tasks.map((t) => t.label),
      taskNames: this.world.tasks.map((t) => t.name),
      taskPriorities: this.world.tasks.map((t) => t.priority),
      ...(timed.lanes ? { lanes: timed.lanes.finish(timed.time) } : {}),
      ...(timed.flows ? { flows: timed.flows.finish(timed.time) } : {}),
      ...(timed.machineStates?.live ? { machine: timed.machineStates.finish()! } : {}),
    };
  }
}

function summary(t: TaskRec, now: number): TaskSummary {
  const open = t.state === TS_DONE ? 0 : now - t.since;
  return {
    id: t.label,
    name: t.name,
    kind: t.kind,
    start_ns: t.startNs,
    end_ns: t.state === TS_DONE ? t.endNs : null,
    running_ns: t.runningNs + (t.state === 2 ? open : 0),
    runnable_ns: t.runnableNs + (t.state === 1 ? open : 0),
    blocked_ns: t.blockedNs + (t.state === TS_BLOCKED ? open : 0),
  };
}

function metricsOf(sim: Simulation): Metrics {
  const t = sim.timed;
  if (!t) {
    return { max_running: 1, context_switches: 0, threads_created: 0, steals: 0, handoffs: 0, gil_switches: 0, hwthread_busy_ns: [] };
  }
  const m: Metrics = {
    max_running: t.maxRunning,
    context_switches: t.metrics.get('context_switches') ?? 0,
    threads_created: t.metrics.get('threads_created') ?? 0,
    steals: t.metrics.get('steals') ?? 0,
    handoffs: t.metrics.get('handoffs') ?? 0,
    gil_switches: t.metrics.get('gil_switches') ?? 0,
    hwthread_busy_ns: t.machine.busyUpTo(t.time),
  };
  for (const [k, v] of t.metrics) if (!(k in m)) m[k] = v;
  m.cache_transfers = t.cache.transfers;
  return m;
}
