/**
 * A Go channel (runtime/chan.go): unbuffered (capacity 0, a rendezvous) or buffered.
 * - Wait queues are FIFO (chan.go: waitq).
 * - A send to a waiting receiver hands the value over directly (chan.go: send → sendDirect).
 * - A receive from a full buffer with a waiting sender takes the head and shifts that
 *   sender's value into the tail (chan.go: recv, "queue is full").
 * - close wakes receivers with the zero value (`{ value: undefined, ok: false }`) and makes
 *   waiting senders panic (chan.go: closechan).
 * A select registers one entry per case; an entry remembers its case index so the woken
 * result is `{ index, value, ok }`, and waking one entry drops the task's other entries here
 * (chan.go: the selectDone CAS in dequeue). Entries on other channels are cancelled by the
 * engine (select.ts: cancelSelect).
 */
import type { SourceRange, SyncAction, SyncDecl, TaskId } from '../program';
import type { Outcome, SyncHost, SyncObject, Wake } from './types';
import { badDeclaration, blocked, completed, unsupportedAction } from './outcome';
import { FifoQueue } from './queue';

const ACTIONS: readonly SyncAction[] = ['send', 'recv', 'close', 'len'];

interface ChanWaiter {
  readonly task: TaskId;
  readonly kind: 'send' | 'recv';
  /** The value a sender offers. */
  readonly value?: unknown;
  readonly at: SourceRange;
  /** The select case index, when the task waits in a select. */
  readonly select?: number;
  /** Registration order, to list both queues together in `waiters()`. */
  readonly seq: number;
}

export class Channel implements SyncObject {
  readonly capacity: number;
  private readonly buffer = new FifoQueue<unknown>();
  private closed = false;
  /** Sends that passed through a buffer slot: send k uses slot k % capacity. */
  private sent = 0;
  /** Receives that passed through a buffer slot. */
  private received = 0;
  private readonly recvq = new FifoQueue<ChanWaiter>();
  private readonly sendq = new FifoQueue<ChanWaiter>();
  private seq = 0;

  constructor(readonly decl: SyncDecl) {
    const size = decl.size ?? 0;
    if (!Number.isSafeInteger(size) || size < 0) {
      throw badDeclaration(decl, `a channel capacity must be a whole number ≥ 0, not ${String(decl.size)}`, 'Write `{ channel: 0 }` for an unbuffered channel.');
    }
    this.capacity = size;
  }

  perform(task: TaskId, action: SyncAction, value: unknown, at: SourceRange, host: SyncHost): Outcome {
    switch (action) {
      case 'send':
        host.hb?.read(task, this.decl.id, at);
        return this.send(task, value, at, host);
      case 'recv':
        // chan.go: chanrecv has no racereadpc on the channel itself, so close vs recv is no race.
        return this.recv(task, at, host);
      case 'close':
        return this.close(task, at, host);
      case 'len':
        return completed(this.buffer.length); // no edge (analysis.md: len and cap give none)
      default:
        throw unsupportedAction(this.decl, action, ACTIONS, at);
    }
  }

  ready(task: TaskId, action: SyncAction): boolean {
    switch (action) {
      case 'send':
        // A send on a closed channel is "ready": it completes at once, by panicking (as in selectgo).
        return this.closed || this.recvq.some((w) => w.task !== task) || this.buffer.length < this.capacity;
      case 'recv':
        return this.buffer.length > 0 || this.sendq.some((w) => w.task !== task) || this.closed;
      default:
        return ACTIONS.includes(action);
    }
  }

  /** Queue `task` for select case `index` (select.ts, only when no case is ready). */
  enqueueSelect(task: TaskId, index: number, kind: 'send' | 'recv', value: unknown, at: SourceRange): void {
    const entry: ChanWaiter = { task, kind, value, at, select: index, seq: this.seq++ };
    (kind === 'send' ? this.sendq : this.recvq).push(entry);
  }

  cancel(task: TaskId): void {
    this.recvq.removeWhere((w) => w.task === task);
    this.sendq.removeWhere((w) => w.task === task);
  }

  waiters(): readonly { readonly task: TaskId; readonly action: SyncAction }[] {
    return [...this.recvq.toArray(), ...this.sendq.toArray()]
      .sort((a, b) => a.seq - b.seq)
      .map((w) => ({ task: w.task, action: w.kind, ...(w.select !== undefined ? { selectCase: w.select } : {}) }));
  }

  inspect(): Readonly<Record<string, unknown>> {
    const show = (w: ChanWaiter) => ({
      task: w.task,
      action: w.kind,
      ...(w.kind === 'send' ? { value: w.value } : {}),
      ...(w.select !== undefined ? { selectCase: w.select } : {}),
    });
    return {
      kind: 'channel',
      capacity: this.capacity,
      len: this.buffer.length,
      buffer: this.buffer.toArray(),
      closed: this.closed,
      recvq: this.recvq.toArray().map(show),
      sendq: this.sendq.toArray().map(show),
    };
  }

  private slot(k: number): string {
    return `${this.decl.id}#slot${k % this.capacity}`;
  }

  /** A task passes buffer slot k: it sees the slot's last user, then becomes it (overwrite). */
  private passSlot(task: TaskId, k: number, host: SyncHost): void {
    host.hb?.acquire(task, this.slot(k));
    host.hb?.releaseStore(task, this.slot(k));
  }

  /** Take the first waiter of `queue` that is not `task`; a select's other entries here go too. */
  private dequeue(queue: FifoQueue<ChanWaiter>, task: TaskId): ChanWaiter | undefined {
    let w = queue.peek();
    if (w !== undefined && w.task !== task) {
      queue.shift();
    } else {
      // Only a select can leave `task`'s own entry at the head; skip it.
      w = queue.find((x) => x.task !== task);
      if (w !== undefined) queue.removeWhere((x) => x === w);
    }
    if (w?.select !== undefined) this.cancel(w.task);
    return w;
  }

  /** The result a woken waiter's op returns; select entries say which case fired. */
  private wakeOf(w: ChanWaiter, value: unknown, ok: boolean, host: SyncHost): Wake {
    if (w.select !== undefined) {
      // A select reads the channel of the send case that fired only (plain sends read when they start).
      if (w.kind === 'send') host.hb?.read(w.task, this.decl.id, w.at);
      return { task: w.task, result: { index: w.select, value, ok } };
    }
    return { task: w.task, result: w.kind === 'recv' ? { value, ok } : undefined };
  }

  /** A value passes from sender to receiver with no buffering in between. */
  private rendezvous(sender: TaskId, receiver: TaskId, host: SyncHost): void {
    if (this.capacity === 0) {
      // analysis.md: unbuffered channels order both ways.
      host.hb?.release(sender, this.decl.id);
      host.hb?.acquire(receiver, this.decl.id);
      host.hb?.release(receiver, `${this.decl.id}#back`);
      host.hb?.acquire(sender, `${this.decl.id}#back`);
      return;
    }
    // chan.go: send to a waiting receiver on a buffered channel still counts as send k and
    // receive k on the slot at recvx (racenotify), so the slot clocks stay in step.
    this.passSlot(sender, this.sent++, host);
    this.passSlot(receiver, this.received++, host);
  }

  private send(task: TaskId, value: unknown, at: SourceRange, host: SyncHost): Outcome {
    if (this.closed) {
      host.misuse(task, 'panic: send on closed channel', at, false);
      return completed();
    }
    const receiver = this.dequeue(this.recvq, task);
    if (receiver) {
      const wake = this.wakeOf(receiver, value, true, host);
      this.rendezvous(task, receiver.task, host);
      return completed(undefined, [wake]);
    }
    if (this.buffer.length < this.capacity) {
      this.buffer.push(value);
      this.passSlot(task, this.sent++, host);
      return completed();
    }
    this.sendq.push({ task, kind: 'send', value, at, seq: this.seq++ });
    return blocked();
  }

  private recv(task: TaskId, at: SourceRange, host: SyncHost): Outcome {
    if (this.buffer.length > 0) {
      const value = this.buffer.shift();
      this.passSlot(task, this.received++, host);
      const sender = this.dequeue(this.sendq, task);
      if (!sender) return completed({ value, ok: true });
      // chan.go: recv, queue full: the waiting sender's value moves into the freed tail slot.
      const wake = this.wakeOf(sender, undefined, true, host);
      this.buffer.push(sender.value);
      this.passSlot(sender.task, this.sent++, host);
      return completed({ value, ok: true }, [wake]);
    }
    const sender = this.dequeue(this.sendq, task);
    if (sender) {
      const wake = this.wakeOf(sender, undefined, true, host);
      this.rendezvous(sender.task, task, host);
      return completed({ value: sender.value, ok: true }, [wake]);
    }
    if (this.closed) {
      host.hb?.acquire(task, `${this.decl.id}#close`);
      return completed({ value: undefined, ok: false });
    }
    this.recvq.push({ task, kind: 'recv', at, seq: this.seq++ });
    return blocked();
  }

  private close(task: TaskId, at: SourceRange, host: SyncHost): Outcome {
    if (this.closed) {
      host.misuse(task, 'panic: close of closed channel', at, false);
      return completed();
    }
    host.hb?.release(task, `${this.decl.id}#close`);
    host.hb?.write(task, this.decl.id, at);
    this.closed = true;
    const wake: Wake[] = [];
    const receivers = this.recvq.drain();
    const senders = this.sendq.drain();
    const done = new Set<TaskId>();
    // chan.go: closechan releases all readers, then all writers; a select task is released once.
    for (const r of receivers) {
      if (done.has(r.task)) continue;
      done.add(r.task);
      const w = this.wakeOf(r, undefined, false, host);
      host.hb?.acquire(r.task, `${this.decl.id}#close`);
      wake.push(w);
    }
    for (const s of senders) {
      if (done.has(s.task)) continue;
      done.add(s.task);
      // A woken sender panics in chansend; the host ends that task (it is not in `wake`).
      host.misuse(s.task, 'panic: send on closed channel', s.at, false);
    }
    return completed(undefined, wake);
  }
}
