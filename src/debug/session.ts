/**
 * The inline debug adapter, debug type `interleave`. It translates DAP requests into
 * moves over a finished, deterministic run (`DebugTimeline`) and moments back into DAP
 * events, the way vscode-mock-debug's session sits over its runtime. Because the run is
 * deterministic, stepping back and reverse-continue are exact.
 *
 * Step over (`next`): the next scheduling event of any task. Step into: the next event of
 * the selected task. Continue: to a breakpoint, a data breakpoint (a write to a shared
 * variable) or a finding whose exception filter is on; else to the end of the run.
 */
import {
  Handles, InitializedEvent, LoggingDebugSession, OutputEvent, Scope, Source, StackFrame, StoppedEvent,
  TerminatedEvent, Thread, Event,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FindingKind } from '../core/findings';
import type { SourceRange } from '../core/program';
import { compileCondition, type Scope as ConditionScope } from './condition';
import type { DebugState, DebugTimeline, Inspectable } from './timeline';
import { lookup, render, variablesOf, type Container, type ScopeRef } from './variables';

export interface LaunchArgs extends DebugProtocol.LaunchRequestArguments {
  /** The scenario or `.sim.ts` file. */
  readonly program: string;
  /** A schedule string to step through (from a finding); else the default schedule. */
  readonly schedule?: string;
  readonly seed?: number;
  /** Setting overrides, as `--set` on the command line. */
  readonly set?: Readonly<Record<string, unknown>>;
  /** 'untimed' steps through the interleaving of a finding's schedule; 'timed' through the modelled run. Default: untimed when a schedule is given. */
  readonly mode?: 'timed' | 'untimed';
  /** One entry point of the file to step through (a Go test, by name), instead of the file's program. */
  readonly test?: string;
  /** The most engine events of the run (default: the core's budget, 5,000,000); a million goroutines take about 6,000,000. */
  readonly events?: number;
  /** Stop at the first moment (default true). */
  readonly stopOnEntry?: boolean;
}

/** What the session needs from outside: how to turn a launch into a run. */
export interface DebugHost {
  /** Throws an Error whose message names file:line:column for bad input. */
  open(args: LaunchArgs): Promise<DebugTimeline>;
}

/** The custom event that publishes the current moment, so the panel can follow. */
export const MOMENT_EVENT = 'interleave/moment';
/** The custom request with which the panel's scrubber moves the debugger. */
export const SEEK_REQUEST = 'interleave/seek';

export const EXCEPTION_FILTERS: readonly { filter: FindingKind; label: string }[] = [
  { filter: 'data-race', label: 'Data race' },
  { filter: 'deadlock', label: 'Deadlock' },
  { filter: 'assertion', label: 'Assertion' },
  { filter: 'misuse', label: 'Misuse' },
];

/** How long a launch waits for `configurationDone` from a client that does not send it. */
const CONFIGURATION_WAIT_MS = 1000;

interface LineBreakpoint {
  readonly line: number;
  readonly condition?: (scope: ConditionScope) => boolean;
}

type StopReason = 'entry' | 'step' | 'breakpoint' | 'data breakpoint' | 'exception' | 'goto' | 'pause';

/**
 * The most tasks the `threads` response lists. DAP pages stack frames and variables but
 * not threads, and VS Code asks for them at every stop: a million-goroutine run would send
 * a million (46 MB of JSON at 100,000). The first ones are listed, with the task of the
 * current moment and the selected one, then one entry that says how many were left out.
 */
export const MAX_THREADS = 1_000;
/** The id of the `… and N more` entry of a capped `threads` response (task ids map to 1 and up). */
export const MORE_THREADS_ID = 2 ** 31 - 1;

export interface SessionOptions {
  /** The most tasks `threads` lists (default MAX_THREADS). */
  readonly maxThreads?: number;
}

export class InterleaveDebugSession extends LoggingDebugSession {
  private timeline: DebugTimeline | undefined;
  private cursor = 0;
  private readonly breakpoints = new Map<string, LineBreakpoint[]>();
  private dataBreakpoints = new Set<string>();
  private exceptionFilters = new Set<string>(['data-race', 'deadlock', 'assertion', 'misuse']);
  private handles = new Handles<Container | ScopeRef>();
  private stateCache: { index: number; state: DebugState } | undefined;
  private lastStop: { reason: StopReason; findingIndex?: number } = { reason: 'entry' };
  private selectedTask = 0;
  /** Resolves at `configurationDone`: the client has sent every breakpoint it has. */
  private configured!: () => void;
  private readonly configurationDone = new Promise<void>((resolve) => { this.configured = resolve; });

  private readonly maxThreads: number;

  constructor(private readonly host: DebugHost, options: SessionOptions = {}) {
    super();
    this.maxThreads = Math.max(1, options.maxThreads ?? MAX_THREADS);
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsStepBack: true,
      supportsConditionalBreakpoints: true,
      supportsDataBreakpoints: true,
      supportsGotoTargetsRequest: false,
      supportsExceptionInfoRequest: true,
      supportsTerminateRequest: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS.map((f) => ({ filter: f.filter, label: f.label, default: true })),
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArgs): Promise<void> {
    try {
      this.timeline = await this.host.open(args);
    } catch (e) {
      this.sendErrorResponse(response, { id: 1001, format: (e as Error).message, showUser: true });
      this.sendEvent(new TerminatedEvent());
      return;
    }
    this.sendResponse(response);
    // A client sends its breakpoints after `initialized` and ends with `configurationDone`;
    // VS Code sends `launch` alongside them, so running before then would miss them (a
    // breakpoint set before F5 was never hit with stopOnEntry false). A client that never
    // sends it is waited for one second, as vscode-mock-debug does.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.configurationDone, new Promise((resolve) => { timer = setTimeout(resolve, CONFIGURATION_WAIT_MS); })]);
    clearTimeout(timer);
    const t = this.timeline;
    for (const line of t.log) this.output(`${line.text}\n`, line.at);
    for (const f of t.findings) this.output(`${f.finding.kind}: ${f.finding.message}\n`, f.finding.at, 'stderr');
    this.cursor = 0;
    if (args.stopOnEntry === false) this.runTo(+1, true);
    else this.halt('entry');
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.configured();
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const path = args.source.path ?? '';
    const result: DebugProtocol.Breakpoint[] = [];
    const kept: LineBreakpoint[] = [];
    for (const bp of args.breakpoints ?? []) {
      let condition: LineBreakpoint['condition'];
      let message: string | undefined;
      if (bp.condition) {
        try { condition = compileCondition(bp.condition); } catch (e) { message = (e as Error).message; }
      }
      const line = bp.line;
      if (!message) kept.push({ line, condition });
      result.push({ verified: !message, line, message, source: args.source });
    }
    this.breakpoints.set(path, kept);
    response.body = { breakpoints: result };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.exceptionFilters = new Set(args.filters);
    this.sendResponse(response);
  }

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    const ref = args.variablesReference !== undefined ? this.handles.get(args.variablesReference) : undefined;
    const shared = ref !== undefined && (ref as ScopeRef).scope === 'shared';
    response.body = shared || args.variablesReference === undefined
      ? { dataId: args.name, description: `writes to \`${args.name}\``, accessTypes: ['write'], canPersist: true }
      : { dataId: null, description: 'Only shared variables can have data breakpoints' };
    this.sendResponse(response);
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    this.dataBreakpoints = new Set(args.breakpoints.map((b) => b.dataId));
    response.body = { breakpoints: args.breakpoints.map(() => ({ verified: true })) };
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const state = this.state();
    if (!state) {
      response.body = { threads: [new Thread(1, 'T1 main [starting]')] };
      this.sendResponse(response);
      return;
    }
    const tasks = state.tasks;
    const listed: number[] = [];
    for (let id = 0; id < Math.min(tasks.count, this.maxThreads); id++) listed.push(id);
    // The task the editor is stopped on and the one selected are listed wherever they are.
    const current = this.timeline?.moment(this.cursor).task ?? -1;
    for (const id of new Set([current, this.selectedTask])) if (id >= this.maxThreads && id < tasks.count) listed.push(id);
    const threads = listed.map((id) => {
      const t = tasks.get(id)!;
      return new Thread(t.id + 1, `${t.label} ${t.name} [${t.state}]`);
    });
    const left = tasks.count - listed.length;
    if (left > 0) {
      threads.push(new Thread(MORE_THREADS_ID, `… and ${left.toLocaleString('en')} more ${tasks.noun} (the first ${this.maxThreads.toLocaleString('en')} are listed; `
        + 'evaluate a label such as ' + `${tasks.get(tasks.count - 1)!.label} to see one)`));
    }
    response.body = { threads };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const task = args.threadId === MORE_THREADS_ID ? undefined : this.state()?.tasks.get(args.threadId - 1);
    const frames: StackFrame[] = [];
    if (task) {
      const frame = new StackFrame(args.threadId, `${task.name} [${task.state}]`, task.at ? this.source(task.at) : undefined,
        task.at?.line ?? 0, task.at?.column ?? 0);
      if (task.at) { frame.endLine = task.at.endLine; frame.endColumn = task.at.endColumn; }
      frames.push(frame);
    }
    if (task) this.selectedTask = task.id;
    response.body = { stackFrames: frames, totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.selectedTask = args.frameId - 1;
    response.body = {
      scopes: [
        new Scope('Task', this.handles.create({ scope: 'task' }), false),
        new Scope('Shared memory', this.handles.create({ scope: 'shared' }), false),
        new Scope('Sync objects', this.handles.create({ scope: 'sync' }), false),
        new Scope('Machine', this.handles.create({ scope: 'machine' }), true),
      ],
    };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const ref = this.handles.get(args.variablesReference);
    const state = this.state();
    let container: Container = {};
    if (ref && state && 'scope' in ref && typeof (ref as ScopeRef).scope === 'string' && !Array.isArray(ref)) {
      const scope = (ref as ScopeRef).scope;
      if (scope === 'shared') container = state.vars;
      else if (scope === 'sync') container = state.objects;
      else if (scope === 'machine') container = state.machine;
      else {
        const task = state.tasks.get(this.selectedTask);
        const m = this.timeline?.moment(this.cursor);
        container = task
          ? { id: task.label, name: task.name, state: task.state, at: task.at ? `${task.at.file}:${task.at.line}:${task.at.column}` : null,
              now_ns: m?.ns ?? 0, moment: this.cursor, why: m?.why ?? '' }
          : {};
      }
    } else if (ref) {
      container = ref as Container;
    }
    response.body = { variables: variablesOf(container, this.handles) };
    this.sendResponse(response);
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const state = this.state();
    try {
      const value = state ? this.conditionScope(state)(args.expression.split('.')) : undefined;
      const asCondition = /[<>=!&|+*/%-]/.test(args.expression) && state ? compileCondition(args.expression)(this.conditionScope(state)) : undefined;
      response.body = { result: asCondition !== undefined ? String(asCondition) : render(value), variablesReference: 0 };
      this.sendResponse(response);
    } catch (e) {
      this.sendErrorResponse(response, { id: 1002, format: (e as Error).message, showUser: false });
    }
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.runTo(+1, true);
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.sendResponse(response);
    this.runTo(-1, true);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.sendResponse(response);
    this.moveTo(Math.min(this.cursor + 1, this.last()), 'step');
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.sendResponse(response);
    const task = args.threadId - 1;
    const t = this.timeline;
    let i = this.cursor + 1;
    while (t && i < t.length && t.moment(i).task !== task) i++;
    this.moveTo(Math.min(i, this.last()), 'step');
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.sendResponse(response);
    this.moveTo(Math.min(this.cursor + 1, this.last()), 'step');
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.sendResponse(response);
    this.moveTo(Math.max(this.cursor - 1, 0), 'step');
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    this.halt('pause');
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const f = this.timeline?.findings[this.lastStop.findingIndex ?? -1]?.finding;
    response.body = {
      exceptionId: f?.kind ?? 'none',
      description: f?.message ?? 'No finding at this moment',
      breakMode: 'always',
      details: f ? { message: f.message, stackTrace: f.related.map((r) => `${r.message} at ${r.at.file}:${r.at.line}:${r.at.column}`).join('\n') } : undefined,
    };
    this.sendResponse(response);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: { index?: number }): void {
    if (command === SEEK_REQUEST && this.timeline && typeof args?.index === 'number') {
      this.sendResponse(response);
      this.moveTo(Math.max(0, Math.min(Math.floor(args.index), this.last())), 'goto');
      return;
    }
    this.sendErrorResponse(response, { id: 1003, format: `unknown request ${command}`, showUser: false });
  }

  /** The current moment, for tests and the extension. */
  get moment(): number {
    return this.cursor;
  }

  private last(): number {
    return Math.max(0, (this.timeline?.length ?? 1) - 1);
  }

  private moveTo(index: number, reason: StopReason): void {
    this.cursor = index;
    this.halt(reason);
  }

  /** Scans forward (+1) or backward (−1) for the next moment that should stop. */
  private runTo(direction: 1 | -1, fromCursor: boolean): void {
    const t = this.timeline;
    if (!t) return;
    for (let i = this.cursor + (fromCursor ? direction : 0); i >= 0 && i < t.length; i += direction) {
      const hit = this.stopAt(i);
      if (hit) {
        this.cursor = i;
        this.lastStop = hit;
        this.halt(hit.reason, hit.findingIndex);
        return;
      }
    }
    this.cursor = direction > 0 ? this.last() : 0;
    if (direction > 0) this.output('The run has ended; step back or reverse-continue to look around.\n');
    this.halt(direction > 0 ? 'pause' : 'entry');
  }

  private stopAt(i: number): { reason: StopReason; findingIndex?: number } | undefined {
    const t = this.timeline!;
    const findingIndex = t.findings.findIndex((f) => f.index === i && this.exceptionFilters.has(f.finding.kind));
    if (findingIndex >= 0) return { reason: 'exception', findingIndex };
    const m = t.moment(i);
    if (m.writes.some((w) => this.dataBreakpoints.has(w))) return { reason: 'data breakpoint' };
    if (m.at) {
      const bps = this.breakpoints.get(m.at.file)?.filter((b) => b.line === m.at!.line) ?? [];
      for (const bp of bps) {
        if (!bp.condition) return { reason: 'breakpoint' };
        try {
          if (bp.condition(this.conditionScope(t.stateAt(i)))) return { reason: 'breakpoint' };
        } catch {
          // A condition that fails to evaluate does not stop, as in other debuggers.
        }
      }
    }
    return undefined;
  }

  private halt(reason: StopReason, findingIndex?: number): void {
    const t = this.timeline;
    if (!t) return;
    this.lastStop = { reason, findingIndex };
    this.handles.reset();
    const m = t.moment(this.cursor);
    const threadId = (m.task >= 0 ? m.task : this.selectedTask) + 1;
    const finding = findingIndex !== undefined ? t.findings[findingIndex]?.finding : undefined;
    const event: DebugProtocol.StoppedEvent = new StoppedEvent(reason, threadId, finding?.message);
    event.body.description = finding ? `${finding.kind}: ${finding.message}` : m.why;
    event.body.allThreadsStopped = true;
    this.sendEvent(event);
    this.sendEvent(new Event(MOMENT_EVENT, { index: this.cursor, ns: m.ns, length: t.length, why: m.why, at: m.at }));
  }

  private state(): DebugState | undefined {
    const t = this.timeline;
    if (!t) return undefined;
    if (this.stateCache?.index !== this.cursor) this.stateCache = { index: this.cursor, state: t.stateAt(this.cursor) };
    return this.stateCache.state;
  }

  private conditionScope(state: DebugState): ConditionScope {
    // A task is looked up by its label when a condition names it, never all of them per moment.
    const taskRoot = (label: string): Inspectable | undefined => {
      const id = state.tasks.idOf(label);
      const task = id !== undefined ? state.tasks.get(id) : undefined;
      return task ? { [label]: { state: task.state, name: task.name, line: task.at?.line } } : undefined;
    };
    const roots: (Inspectable | ((label: string) => Inspectable | undefined))[] = [state.vars, state.objects, taskRoot, state.machine, ...Object.values(state.machine)];
    return (path) => {
      for (const r of roots) {
        const root = typeof r === 'function' ? r(path[0]) : r;
        if (root !== null && typeof root === 'object' && !Array.isArray(root) && path[0] in (root as object)) return lookup(root, path);
      }
      throw new Error(`\`${path.join('.')}\` is not a shared variable, sync object, task or machine part at this moment`);
    };
  }

  private source(at: SourceRange): Source {
    const name = at.file.split(/[\\/]/).pop() ?? at.file;
    return new Source(name, this.convertDebuggerPathToClient(at.file));
  }

  private output(text: string, at?: SourceRange, category: 'console' | 'stdout' | 'stderr' = 'stdout'): void {
    const e: DebugProtocol.OutputEvent = new OutputEvent(text, category);
    if (at) { e.body.source = this.source(at); e.body.line = at.line; e.body.column = at.column; }
    this.sendEvent(e);
  }
}
