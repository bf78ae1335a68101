/**
 * A worker request's time budget (`interleave.budget.wallClockMs`), counted so that load on
 * the machine does not stop a run that would finish.
 *
 * The budget is spent once the run has had that much time by the clock *and* the extension
 * host's process has computed that long since the run started (`process.cpuUsage()`: all
 * its threads, the simulation worker among them). On an idle machine a busy worker computes
 * as fast as the clock runs, so a runaway run stops at the budget, as a plain wall clock
 * would stop it. On a loaded machine, where the worker gets a fraction of a core, the run
 * keeps going until it has computed its budget, but never past WALL_CLOCK_CEILING times the
 * budget by the clock: a loaded 2-core laptop answers a lens check late rather than with
 * "could not check this file". The count never stops a run earlier than the clock would.
 */

/** A run is stopped at this many times its budget by the clock, however little it computed. */
export const WALL_CLOCK_CEILING = 6;

export interface BudgetClock {
  /** Milliseconds by the clock. */
  now(): number;
  /** Milliseconds of computing by this process (user + system). */
  cpuMs(): number;
}

export const processClock: BudgetClock = {
  now: () => Date.now(),
  cpuMs: () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  },
};

export interface BudgetSpent {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Calls `onSpent` once the budget is spent (see above); `cancel()` stops counting. */
export function startTimeBudget(budgetMs: number, onSpent: (spent: BudgetSpent) => void, clock: BudgetClock = processClock): { cancel(): void } {
  const wallStart = clock.now();
  const cpuStart = clock.cpuMs();
  const ceilingMs = budgetMs * WALL_CLOCK_CEILING;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    const spent = { wallMs: clock.now() - wallStart, cpuMs: clock.cpuMs() - cpuStart };
    if (spent.cpuMs >= budgetMs || spent.wallMs >= ceilingMs) {
      timer = undefined;
      onSpent(spent);
      return;
    }
    // The soonest the rest could be computed (at one core), or the ceiling if that comes first.
    timer = setTimeout(check, Math.max(50, Math.min(budgetMs - spent.cpuMs, ceilingMs - spent.wallMs)));
  };
  timer = setTimeout(check, budgetMs);
  return { cancel: () => clearTimeout(timer) };
}
