/** Drives a debug session in-process through `handleMessage`, as a DAP client would. */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugSession } from '@vscode/debugadapter';

export class DapClient {
  private seq = 1;
  readonly events: DebugProtocol.Event[] = [];
  private readonly waiting = new Map<number, (r: DebugProtocol.Response) => void>();
  private eventWaiters: { name: string; resolve: (e: DebugProtocol.Event) => void; after: number }[] = [];

  /**
   * With `configure` (the default) the client answers `initialized` with `configurationDone`
   * at once, as a client with no breakpoints does; without it the test sends its breakpoints
   * and then `configurationDone` itself, in VS Code's order.
   */
  constructor(private readonly session: DebugSession, { configure = true }: { configure?: boolean } = {}) {
    session.onDidSendMessage((m) => {
      const msg = m as DebugProtocol.ProtocolMessage;
      if (msg.type === 'response') {
        const r = msg as DebugProtocol.Response;
        this.waiting.get(r.request_seq)?.(r);
        this.waiting.delete(r.request_seq);
      } else if (msg.type === 'event') {
        const e = msg as DebugProtocol.Event;
        this.events.push(e);
        if (e.event === 'initialized' && configure) queueMicrotask(() => void this.request('configurationDone'));
        this.eventWaiters = this.eventWaiters.filter((w) => {
          if (w.name === e.event) { w.resolve(e); return false; }
          return true;
        });
      }
    });
  }

  request<T extends DebugProtocol.Response = DebugProtocol.Response>(command: string, args?: unknown): Promise<T> {
    const seq = this.seq++;
    return new Promise<T>((resolve) => {
      this.waiting.set(seq, resolve as (r: DebugProtocol.Response) => void);
      this.session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    });
  }

  /** The next event with this name sent after now. */
  next(name: string): Promise<DebugProtocol.Event> {
    return new Promise((resolve) => this.eventWaiters.push({ name, resolve, after: this.events.length }));
  }

  /** Sends a request and waits for the stop that follows it. */
  async stepping(command: string, args?: unknown): Promise<DebugProtocol.StoppedEvent> {
    const stopped = this.next('stopped');
    const r = await this.request(command, args);
    if (!r.success) throw new Error(`${command} failed: ${r.message}`);
    return (await stopped) as DebugProtocol.StoppedEvent;
  }

  lastMoment(): { index: number; ns: number; why: string; length: number; at?: { line: number } } {
    const e = [...this.events].reverse().find((x) => x.event === 'interleave/moment');
    return e!.body;
  }
}
