/**
 * The simulation worker: runs simulations and checks off the extension host thread, so
 * the editor never blocks. It answers each request id exactly once.
 *
 * Adding a request kind is one entry in `handlers` (typed against src/protocol/worker.ts).
 * A handler that runs long should call `context.throwIfCancelled()` between slices of
 * work and `await context.pause()` so a `cancel` message can be seen; one that never
 * does is ended by the host restarting the worker when its wall-clock budget runs out.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  isHostToWorker,
  type ParamsOf,
  type ResultOf,
  type WorkerRequest,
  type WorkerRequestKind,
  type WorkerResponse,
  type WorkerToHost,
} from '../protocol/worker';
import { runPipelineCheck } from './pipelineCheck';
import { checkFile, warmUp, explainSchedule, exportFile, panelLoad, panelMoment, panelWhatIf, runDocument } from '../service/index';

class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface RequestContext {
  throwIfCancelled(): void;
  /** Yields to the message loop so a `cancel` can arrive. */
  pause(): Promise<void>;
  /** Sends what the request has so far; the host hands it to the caller before the answer. */
  partial(value: unknown): void;
}

/** A synchronous run's `shouldCancel`: true once the host cancelled the request. */
function cancelledOf(context: RequestContext): () => boolean {
  return () => {
    try {
      context.throwIfCancelled();
      return false;
    } catch {
      return true;
    }
  };
}

type Handler<K extends WorkerRequestKind> = (params: ParamsOf<K>, context: RequestContext) => ResultOf<K> | Promise<ResultOf<K>>;

const handlers: { [K in WorkerRequestKind]: Handler<K> } = {
  'pipeline-check': (params) => runPipelineCheck(params),
  spin: async ({ ms, ignoreCancel, holdMb = 0 }, context) => {
    // 1 MiB of doubles per chunk, each a distinct array so V8 keeps them all on its heap.
    const held: number[][] = [];
    for (let mb = 0; mb < holdMb; mb++) held.push(new Array<number>(131_072).fill(mb + 0.5));
    const until = Date.now() + ms;
    let slices = 0;
    while (Date.now() < until) {
      slices++;
      if (ignoreCancel) continue;
      context.throwIfCancelled();
      await context.pause();
    }
    return { slices, heldMb: held.length };
  },
  'warm-up': (params) => warmUp(params),
  // The race lens: the explorer polls `cancelled` between schedules, and the request's shared flag.
  'check-file': (params, context) => checkFile(params, cancelledOf(context), (soFar) => context.partial(soFar)),
  'run-file': (params, context) => runDocument(params, cancelledOf(context)),
  'explain-schedule': (params) => explainSchedule(params),
  'export-file': (params, context) => exportFile(params, cancelledOf(context)),
  // The panel: runs yield between slices (`context.pause`), so a cancel is seen promptly.
  'panel-load': (params, context) => panelLoad(params, context),
  'panel-moment': (params, context) => panelMoment(params, context),
  'panel-whatif': (params, context) => panelWhatIf(params, context),
};

if (!parentPort) throw new Error('dist/worker.js runs as a worker thread, started by the extension host');
const port: MessagePort = parentPort;

/** Requests being handled, and those of them the host has cancelled. */
const active = new Set<number>();
const cancelled = new Set<number>();

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  const context: RequestContext = {
    throwIfCancelled: () => {
      if (cancelled.has(request.id)) throw new CancelledError();
    },
    pause: () => nextTurn(),
    // A synchronous search posts as it goes: the port delivers without this thread's loop turning.
    partial: (partial) => port.postMessage({ type: 'partial', id: request.id, partial } satisfies WorkerToHost),
  };
  active.add(request.id);
  port.postMessage({ type: 'started', id: request.id } satisfies WorkerToHost);
  try {
    const handler = handlers[request.kind] as Handler<WorkerRequestKind>;
    const result = await handler(request.payload, context);
    return { type: 'response', id: request.id, ok: true, result };
  } catch (error) {
    if (error instanceof CancelledError) {
      return { type: 'response', id: request.id, ok: false, error: { message: 'cancelled', cancelled: true } };
    }
    const e = error instanceof Error ? error : new Error(String(error));
    return { type: 'response', id: request.id, ok: false, error: { message: e.message, stack: e.stack } };
  } finally {
    active.delete(request.id);
    cancelled.delete(request.id);
  }
}

port.on('message', (message: unknown) => {
  if (!isHostToWorker(message)) {
    const id = typeof (message as { id?: unknown })?.id === 'number' ? (message as { id: number }).id : -1;
    port.postMessage({ type: 'response', id, ok: false, error: { message: 'malformed message to the worker' } } satisfies WorkerResponse);
    return;
  }
  if (message.type === 'cancel') {
    // A cancel for a request already answered crossed its response; nothing to do.
    if (active.has(message.id)) cancelled.add(message.id);
    return;
  }
  void handle(message).then((response) => port.postMessage(response));
});
