/**
 * Trace event kinds and scheduling-decision reasons. Each event has a kind, a time, a
 * task, a hardware thread, an object, a source location and a reason with one integer
 * argument; `describe` turns that into one English sentence.
 */
export const E_SPAWN = 0;
export const E_RUN = 1;
export const E_STOP = 2;
export const E_BLOCK = 3;
export const E_WAKE = 4;
export const E_EXIT = 5;
export const E_OP = 6;
export const E_SWITCH = 7;
export const E_NOTE = 8;

export const EVENT_NAMES = ['spawn', 'run', 'stop', 'block', 'wake', 'exit', 'op', 'switch', 'note'] as const;

/** Why the scheduler did what it did (the `reason` column). */
export const WHY_NONE = 0;
/** Preempted: its time slice (arg = slice ns) ended and another thread was waiting. */
export const WHY_SLICE = 1;
/** Preempted by a woken thread of higher priority (arg = that task). */
export const WHY_WAKE_PREEMPT = 2;
/** Left the CPU because it blocked (obj = what on). */
export const WHY_BLOCKED = 3;
export const WHY_YIELD = 4;
export const WHY_EXITED = 5;
/** Started: it was the policy's pick (arg = queue length left). */
export const WHY_PICKED = 6;
/** Woken by a sync object (arg = waker task, −1 for a timer). */
export const WHY_WOKEN = 7;
export const WHY_TIMER = 8;
/** Created by a spawn (arg = parent). */
export const WHY_SPAWNED = 9;
/** The runtime preempted it (Go sysmon) or the runtime's own decision (arg unused). */
export const WHY_RUNTIME = 10;
/** The kernel thread became runnable after thread creation (arg = creation delay ns). */
export const WHY_CREATED = 11;
