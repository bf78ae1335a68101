import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTimeBudget, WALL_CLOCK_CEILING, type BudgetClock, type BudgetSpent } from '../../../src/extension/timeBudget';

/** A clock under the test's control: the fake timers' time, and a process that computes at `share` of a core. */
function machine(share: number): BudgetClock & { setShare(s: number): void } {
  let cpu = 0;
  let last = Date.now();
  const advance = () => {
    const now = Date.now();
    cpu += (now - last) * share;
    last = now;
  };
  return {
    now: () => Date.now(),
    cpuMs: () => {
      advance();
      return cpu;
    },
    setShare: (s) => {
      advance();
      share = s;
    },
  };
}

describe('a request\'s time budget', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  function stoppedAt(clock: BudgetClock, budgetMs: number): BudgetSpent | undefined {
    let spent: BudgetSpent | undefined;
    startTimeBudget(budgetMs, (s) => { spent = s; }, clock);
    vi.advanceTimersByTime(budgetMs * (WALL_CLOCK_CEILING + 1));
    return spent;
  }

  it('on an idle machine stops a busy run when the clock reaches the budget', () => {
    const spent = stoppedAt(machine(1), 10_000);
    expect(spent?.wallMs).toBe(10_000);
  });

  it('never stops a run before the clock reaches the budget, however much the process computed', () => {
    const spent = stoppedAt(machine(2), 10_000);
    expect(spent?.wallMs).toBe(10_000);
  });

  it('on a loaded machine lets the run go on until it has computed its budget', () => {
    const spent = stoppedAt(machine(0.4), 10_000);
    expect(spent!.cpuMs).toBeGreaterThanOrEqual(10_000);
    expect(spent!.wallMs).toBeGreaterThanOrEqual(25_000);
    expect(spent!.wallMs).toBeLessThan(26_000);
  });

  it('stops a run that hardly computes at the ceiling', () => {
    const spent = stoppedAt(machine(0.01), 10_000);
    expect(spent?.wallMs).toBe(10_000 * WALL_CLOCK_CEILING);
  });

  it('follows a machine whose load changes during the run', () => {
    const clock = machine(0.2);
    let spent: BudgetSpent | undefined;
    startTimeBudget(1_000, (s) => { spent = s; }, clock);
    vi.advanceTimersByTime(2_000); // 400 ms computed
    clock.setShare(1);
    vi.advanceTimersByTime(500);
    expect(spent).toBeUndefined();
    vi.advanceTimersByTime(200);
    expect(spent!.cpuMs).toBeGreaterThanOrEqual(1_000);
  });

  it('says nothing once cancelled', () => {
    let spent: BudgetSpent | undefined;
    const budget = startTimeBudget(1_000, (s) => { spent = s; }, machine(1));
    vi.advanceTimersByTime(500);
    budget.cancel();
    vi.advanceTimersByTime(10_000);
    expect(spent).toBeUndefined();
  });
});
