/**
 * A cyclic barrier for N parties (pthread_barrier_wait, Python's threading.Barrier): the
 * Nth arrival releases everyone and a new generation starts. Happens-before: every arrival
 * releases the barrier's clock and every departure acquires it. The clock must start empty
 * in each generation, and the observer has no reset, so generation g > 0 uses the clock
 * `b#gen<g>` (generation 0 uses `b` itself).
 */
import type { SourceRange, SyncAction, SyncDecl, TaskId } from '../program';
import type { Outcome, SyncHost, SyncObject } from './types';
import { badDeclaration, blocked, completed, unsupportedAction } from './outcome';

const ACTIONS: readonly SyncAction[] = ['wait'];

export class Barrier implements SyncObject {
  readonly parties: number;
  private generation = 0;
  private arrived: TaskId[] = [];

  constructor(readonly decl: SyncDecl) {
    const size = decl.size ?? 0;
    if (!Number.isSafeInteger(size) || size < 1) {
      throw badDeclaration(decl, `a barrier needs at least 1 party, not ${String(decl.size)}`, 'Write for example `{ barrier: 3 }`.');
    }
    this.parties = size;
  }

  private get clock(): string {
    return this.generation === 0 ? this.decl.id : `${this.decl.id}#gen${this.generation}`;
  }

  perform(task: TaskId, action: SyncAction, _value: unknown, at: SourceRange, host: SyncHost): Outcome {
    if (action !== 'wait') throw unsupportedAction(this.decl, action, ACTIONS, at);
    host.hb?.release(task, this.clock);
    this.arrived.push(task);
    if (this.arrived.length < this.parties) return blocked();
    const departing = this.arrived;
    for (const t of departing) host.hb?.acquire(t, this.clock);
    this.arrived = [];
    this.generation++;
    return completed(undefined, departing.filter((t) => t !== task).map((t) => ({ task: t })));
  }

  ready(_task: TaskId, action: SyncAction): boolean {
    return action === 'wait' && this.arrived.length === this.parties - 1;
  }

  cancel(task: TaskId): void {
    this.arrived = this.arrived.filter((t) => t !== task);
  }

  waiters(): readonly { readonly task: TaskId; readonly action: SyncAction }[] {
    return this.arrived.map((task) => ({ task, action: 'wait' as const }));
  }

  inspect(): Readonly<Record<string, unknown>> {
    return {
      kind: 'barrier',
      parties: this.parties,
      arrived: this.arrived.length,
      generation: this.generation,
      waiters: this.arrived.map((task) => ({ task, action: 'wait' })),
    };
  }
}
