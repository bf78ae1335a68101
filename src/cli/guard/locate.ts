/**
 * The line a stuck worker is on. A worker caught in a catastrophic regular expression or
 * a deep recursion never reaches its next step, so the shared cells only know its last
 * step. The inspector can still pause it (V8 checks for interrupts inside regexp and
 * loop code): the supervisor attaches to the worker through `NodeWorker`, pauses it,
 * takes the innermost frame in the program's own script and maps it back through the
 * source map to the `.sim.ts` file. Best effort: any failure answers undefined and the
 * caller falls back to the last step.
 */
import { Session } from 'node:inspector';
import { pathToFileURL } from 'node:url';
import { SourceMapIndex } from '../../service/index';
import type { Position } from './position';

export interface ProgramScript {
  readonly file: string;
  readonly url: string;
  readonly sourceMap: string;
}

interface CallFrame {
  readonly functionName: string;
  readonly location: { readonly scriptId: string; readonly lineNumber: number; readonly columnNumber: number };
}

interface WorkerEvent {
  readonly id?: number;
  readonly method?: string;
  readonly params?: { scriptId?: string; url?: string; callFrames?: readonly CallFrame[] };
}

/** Pauses the (only) worker, reads where it is, detaches; undefined after `timeoutMs` or on any failure. */
export async function locateStuckLine(scripts: readonly ProgramScript[], timeoutMs: number): Promise<Position | undefined> {
  if (scripts.length === 0) return undefined;
  let session: Session;
  try {
    session = new Session();
    session.connect();
  } catch {
    return undefined;
  }
  const post = (method: string, params: object = {}): Promise<unknown> => new Promise((resolve) => {
    try {
      session.post(method, params, (err, result) => resolve(err ? undefined : result));
    } catch {
      resolve(undefined);
    }
  });
  let workerSession: string | undefined;
  let nextId = 0;
  const toWorker = (method: string): Promise<unknown> => workerSession === undefined ? Promise.resolve(undefined)
    : post('NodeWorker.sendMessageToWorker', { sessionId: workerSession, message: JSON.stringify({ id: ++nextId, method }) });

  const found = new Promise<Position | undefined>((resolve) => {
    const urls = new Map<string, string>();
    session.on('NodeWorker.attachedToWorker', (message: { params: { sessionId: string } }) => {
      if (workerSession !== undefined) return;
      workerSession = message.params.sessionId;
      void toWorker('Debugger.enable').then(() => toWorker('Debugger.pause'));
    });
    session.on('NodeWorker.receivedMessageFromWorker', (message: { params: { message: string } }) => {
      let event: WorkerEvent;
      try {
        event = JSON.parse(message.params.message) as WorkerEvent;
      } catch {
        return;
      }
      if (event.method === 'Debugger.scriptParsed' && event.params?.scriptId && event.params.url) {
        urls.set(event.params.scriptId, event.params.url);
      } else if (event.method === 'Debugger.paused') {
        resolve(innermost(event.params?.callFrames ?? [], urls, scripts));
      }
    });
  });
  void post('NodeWorker.enable', { waitForDebuggerOnStart: false });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), timeoutMs); });
  try {
    return await Promise.race([found, timeout]);
  } finally {
    clearTimeout(timer);
    // Resume and let go before the worker is terminated: a worker left paused under a
    // debugger session does not terminate promptly.
    await Promise.race([
      toWorker('Debugger.disable').then(() => workerSession !== undefined && post('NodeWorker.detach', { sessionId: workerSession })),
      new Promise((resolve) => setTimeout(resolve, 500)),
    ]);
    try { session.disconnect(); } catch { /* already gone */ }
  }
}

function innermost(frames: readonly CallFrame[], urls: ReadonlyMap<string, string>, scripts: readonly ProgramScript[]): Position | undefined {
  for (const frame of frames) {
    const url = urls.get(frame.location.scriptId);
    if (url === undefined) continue;
    const script = scripts.find((s) => s.url === url || fileUrl(s.url) === url);
    if (!script) continue;
    const at = new SourceMapIndex(script.sourceMap).original(frame.location.lineNumber + 1, frame.location.columnNumber + 1);
    if (at) return { file: script.file, line: at.line, column: at.column };
  }
  return undefined;
}

function fileUrl(path: string): string | undefined {
  try {
    return pathToFileURL(path).href;
  } catch {
    return undefined;
  }
}
