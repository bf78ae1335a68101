/**
 * The webview's end of the panel protocol: posts typed messages to the host, validates
 * every message that arrives (anything else is dropped with a console warning), and
 * matches replies to requests by id.
 */
import type { HostMessage, PanelMessage } from '../src/protocol/panel';
import { isHostMessage, isPanelMessage } from '../src/protocol/panelGuards';

/** The part of VS Code's webview API the panel uses. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

type Outgoing = PanelMessage extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

export class HostLink {
  private nextId = 1;
  /** The newest request id of each kind: replies to older ones are stale. */
  private readonly latest = new Map<string, number>();

  constructor(private readonly api: VsCodeApi, private readonly receive: (m: HostMessage, stale: boolean) => void) {
    window.addEventListener('message', (e: MessageEvent) => {
      // Marks for the render benchmark's breakdown (clone → validate → ingest → paint).
      performance.mark('il:received');
      const valid = isHostMessage(e.data);
      performance.mark('il:validated');
      if (!valid) {
        console.warn('interleave panel: dropped a message that is not a valid host message', e.data);
        return;
      }
      const m = e.data;
      const replyTo = 'replyTo' in m ? m.replyTo : undefined;
      const stale = replyTo !== undefined && ![...this.latest.values()].includes(replyTo);
      this.receive(m, stale);
    });
  }

  post(message: PanelMessage): void {
    if (!isPanelMessage(message)) throw new Error(`interleave panel: refusing to post an invalid message ${JSON.stringify(message)}`);
    this.api.postMessage(message);
  }

  /** Posts a request with a fresh id; returns the id its reply will carry in `replyTo`. */
  request(message: Outgoing): number {
    const id = this.nextId++;
    // seek, step and stepBack all move the same cursor: one "latest" slot for all three.
    const slot = message.type === 'whatIf' ? 'whatIf' : 'moment';
    this.latest.set(slot, id);
    this.post({ ...message, id } as PanelMessage);
    return id;
  }

  isLatest(slot: 'moment' | 'whatIf', id: number): boolean {
    return this.latest.get(slot) === id;
  }
}
