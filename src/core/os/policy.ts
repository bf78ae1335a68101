/**
 * The contract of an OS scheduling policy over one global run queue.
 *
 * Linux keeps one run queue per CPU and balances load between them; the model keeps one
 * global queue, which is what per-CPU queues converge to with idle balancing, and keeps
 * placement decisions (prefer an idle core over an idle SMT sibling) in the engine.
 */
import type { KThread } from './kthread';

/** Chooses among equally good threads; returns an index into `candidates`. */
export type TieBreak = (candidates: readonly KThread[]) => number;

/** At most this many equals are offered to a tie break (the longest-waiting ones). */
export const MAX_TIE = 8;

export interface SchedPolicy {
  readonly size: number;
  /** A thread becomes runnable: created, woken, preempted or yielding. */
  enqueue(kt: KThread, now: number, why: 'new' | 'wake' | 'preempt' | 'yield'): void;
  /**
   * Removes and returns the thread to run next, or null when the queue is empty. When
   * several threads are equally good by the policy's own rule (equal vruntime, equal
   * priority), `tie` picks one of them (an index into `candidates`, listed in the
   * policy's default order); without it the first is taken.
   */
  pick(now: number, tie?: TieBreak): KThread | null;
  /** The time slice `kt` gets when it starts running (Infinity: runs until it blocks). */
  sliceNs(kt: KThread): number;
  /** `kt` leaves the CPU after running `ranNs`; `fullSlice` when its slice expired. */
  charge(kt: KThread, ranNs: number, fullSlice: boolean): void;
  /** At slice end: give the CPU to a waiting thread? */
  preemptAtSliceEnd(running: KThread, now: number): boolean;
  /** A thread just became runnable while `running` runs: does it preempt at once? */
  preemptsOnWake(woken: KThread, running: KThread, now: number): boolean;
  /** mlfq: period of the priority boost (0 = none); `boost` is then called every period. */
  readonly boostPeriodNs: number;
  boost(now: number): void;
}
