/**
 * The extension host's side of the simulation worker. It starts the worker lazily, sends
 * typed requests with ids, and enforces each run's time budget (timeBudget.ts: by the clock,
 * stretched on a loaded machine until the run has computed that long, at most 6x).
 *
 * The budget starts when the worker begins the request (its `started` message), not when it
 * is sent: a request waiting in the queue behind a long Explore keeps its whole budget. The
 * wait itself is bounded, because whatever runs ahead of it is under its own budget.
 *
 * Cancellation is two-stage: first a `cancel` message, which a cooperative handler sees
 * between slices of work; if the request is still running after a short grace period the
 * worker is terminated (every request in flight fails with a clear message) and the next
 * request starts a fresh one. So a runaway run can never freeze the editor. A request
 * cancelled while still queued is not a runaway: its `cancel` is sent, and the grace period
 * starts, only once the worker begins it.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { withCancellableProgress } from './progress';
import { startTimeBudget } from './timeBudget';
import { isWorkerToHost, type ParamsOf, type ResultOf, type WorkerRequest, type WorkerRequestKind } from '../protocol/worker';

/**
 * How long a cancelled request may take to notice before the worker is restarted. A run that
 * polls its cancel flag notices within one slice (50,000 events, tens of ms); the margin is for
 * a loaded machine, where a restart would throw away the worker's warm compile cache.
 */
const CANCEL_GRACE_MS = 1_000;

/** The `interleave.budget.memoryMb` setting: the V8 heap ceiling of a simulation worker. */
export function memoryCeilingMb(): number {
  const value = vscode.workspace.getConfiguration('interleave').get<number>('budget.memoryMb', 2048);
  return Number.isFinite(value) && value >= 64 ? Math.floor(value) : 2048;
}

/**
 * Starts a worker thread under the memory ceiling; a run that needs more ends the worker
 * with ERR_WORKER_OUT_OF_MEMORY, which `describeWorkerFailure` turns into words.
 */
export function startWorker(script: string, memoryMb: number): Worker {
  return new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
}

/** What a person reads when a worker thread failed. */
export function describeWorkerFailure(error: Error, memoryMb: number): string {
  if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `the simulation needed more than its memory ceiling of ${memoryMb} MiB and was stopped. ` +
      'Make the scenario smaller (fewer tasks or events), or raise the setting interleave.budget.memoryMb.';
  }
  return `the simulation worker crashed: ${error.message}`;
}

export class WorkerRunError extends Error {
  constructor(message: string, readonly reason: 'cancelled' | 'timeout' | 'worker-exit' | 'failed') {
    super(message);
  }
}

type Outcome = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: WorkerRunError };

interface Pending {
  readonly kind: WorkerRequestKind;
  readonly message: WorkerRequest;
  /** False once the caller has its answer (or was told it was cancelled). */
  readonly waited: () => boolean;
  /** True after it was sent again to a restarted worker; it is not sent a third time. */
  resent: boolean;
  /** Called when the worker begins the request (again, after a restart). */
  started(): void;
  /** Called once, with the worker's answer or the reason the worker went away. */
  deliver(outcome: Outcome): void;
  /** Called with each partial result the worker sends before its answer. */
  partial(value: unknown): void;
}

export interface RequestOptions {
  readonly token?: vscode.CancellationToken;
  /** Time budget (timeBudget.ts); defaults to the `interleave.budget.wallClockMs` setting. */
  readonly timeoutMs?: number;
  /** Hears what a running request has so far (a check's findings as it meets them), until its answer. */
  readonly onPartial?: (partial: unknown) => void;
}

export class SimulationHost implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;
  /** How many workers were started; tests read it to see a restart happen. */
  workersStarted = 0;

  /** `memoryMb` is read each time a worker starts, so a changed setting applies to the next one. */
  constructor(private readonly workerScript: string, private readonly memoryMb: () => number = memoryCeilingMb) {}

  static forExtension(context: vscode.ExtensionContext): SimulationHost {
    return new SimulationHost(path.join(context.extensionPath, 'dist', 'worker.js'));
  }

  request<K extends WorkerRequestKind>(kind: K, payload: ParamsOf<K>, options: RequestOptions = {}): Promise<ResultOf<K>> {
    if (this.disposed) return Promise.reject(new WorkerRunError(`${kind}: the extension was deactivated`, 'worker-exit'));
    if (options.token?.isCancellationRequested) {
      return Promise.reject(new WorkerRunError(`${kind} was cancelled`, 'cancelled'));
    }
    const timeoutMs = options.timeoutMs ?? vscode.workspace.getConfiguration('interleave').get<number>('budget.wallClockMs', 10_000);
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<ResultOf<K>>((resolve, reject) => {
      let callerSettled = false;
      let running = false;
      let budget: { cancel(): void } | undefined;
      let grace: ReturnType<typeof setTimeout> | undefined;
      const settleCaller = (outcome: Outcome) => {
        if (callerSettled) return;
        callerSettled = true;
        budget?.cancel();
        subscription?.dispose();
        if (outcome.ok) resolve(outcome.result as ResultOf<K>);
        else reject(outcome.error);
      };
      // The worker gets a `cancel`; if it has not answered within the grace period it is
      // restarted. Its late answer, if any, is dropped.
      const cancelInWorker = () => {
        const current = this.worker;
        if (!current) return;
        current.postMessage({ type: 'cancel', id });
        clearTimeout(grace);
        grace = setTimeout(() => {
          if (this.pending.has(id) && this.worker === current) {
            this.restartWorker(`a ${kind} run did not stop within ${CANCEL_GRACE_MS} ms of being cancelled`);
          }
        }, CANCEL_GRACE_MS);
      };
      // The caller hears at once; a running request is cancelled in the worker now, a queued
      // one when the worker reaches it.
      const stop = (error: WorkerRunError) => {
        if (callerSettled) return;
        settleCaller({ ok: false, error });
        if (running) cancelInWorker();
      };
      const message: WorkerRequest<K> = { type: 'request', id, kind, payload };
      this.pending.set(id, {
        kind,
        message,
        waited: () => !callerSettled,
        resent: false,
        started: () => {
          running = true;
          if (callerSettled) {
            cancelInWorker();
            return;
          }
          budget ??= startTimeBudget(timeoutMs, ({ wallMs, cpuMs }) => stop(new WorkerRunError(
            `${kind} took longer than its time budget of ${timeoutMs} ms (${Math.round(wallMs)} ms by the clock, ` +
            `${Math.round(cpuMs)} ms of computing) and was stopped. ` +
            'Make the scenario smaller, or raise the setting interleave.budget.wallClockMs.', 'timeout')));
        },
        deliver: (outcome) => {
          this.pending.delete(id);
          clearTimeout(grace);
          settleCaller(outcome);
        },
        partial: (value) => {
          if (!callerSettled) options.onPartial?.(value);
        },
      });
      const subscription = options.token?.onCancellationRequested(() => stop(new WorkerRunError(`${kind} was cancelled`, 'cancelled')));
      worker.postMessage(message);
    });
  }

  /** Runs a request with a cancellable progress notification once it takes a while. */
  withProgress<K extends WorkerRequestKind>(title: string, kind: K, payload: ParamsOf<K>, timeoutMs?: number): Promise<ResultOf<K>> {
    return withCancellableProgress(title, (token) => this.request(kind, payload, { token, timeoutMs }));
  }

  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    if (!worker) return;
    this.failAll(worker, 'the extension was deactivated');
    void worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const memoryMb = this.memoryMb();
    const worker = startWorker(this.workerScript, memoryMb);
    this.workersStarted++;
    worker.on('message', (message: unknown) => {
      if (!isWorkerToHost(message)) return;
      const entry = this.pending.get(message.id);
      if (!entry) return;
      if (message.type === 'partial') {
        entry.partial(message.partial);
        return;
      }
      if (message.type === 'started') {
        entry.started();
        return;
      }
      entry.deliver(message.ok
        ? { ok: true, result: message.result }
        : { ok: false, error: new WorkerRunError(`${entry.kind} failed: ${message.error.message}`, message.error.cancelled ? 'cancelled' : 'failed') });
    });
    worker.on('error', (error) => this.failAll(worker, describeWorkerFailure(error, memoryMb)));
    worker.on('exit', (code) => this.failAll(worker, `the simulation worker exited (code ${code})`));
    // The worker must not keep the extension host process alive on shutdown.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const entry of [...this.pending.values()]) entry.deliver({ ok: false, error: new WorkerRunError(reason, 'worker-exit') });
    this.pending.clear();
  }

  /**
   * Ends the current worker. Requests that were queued behind the stuck one and are still
   * awaited are sent once more to a fresh worker (every request is a pure computation,
   * so running it again is safe); the rest fail with the reason.
   */
  private restartWorker(reason: string): void {
    const worker = this.worker;
    if (!worker) return;
    const retry = [...this.pending.values()].filter((entry) => entry.waited() && !entry.resent);
    for (const entry of retry) this.pending.delete(entry.message.id);
    this.failAll(worker, `the simulation worker was restarted: ${reason}`);
    void worker.terminate();
    if (retry.length === 0) return;
    const fresh = this.ensureWorker();
    for (const entry of retry) {
      entry.resent = true;
      this.pending.set(entry.message.id, entry);
      fresh.postMessage(entry.message);
    }
  }
}
