/**
 * The explanation behind each finding kind: what a diagnostic's `code` links to. The
 * link is a read-only virtual document, `interleave-explain:/KIND.md`, served by a
 * content provider (lens/raceLens.ts), so it works offline, in an untrusted workspace
 * and without command-URI permissions. Wording follows cli.md's list of finding kinds.
 */
import type { FindingKind } from '../../core/findings';

export const EXPLAIN_SCHEME = 'interleave-explain';

interface Explanation {
  readonly title: string;
  readonly what: string;
  readonly fix: string;
}

const EXPLANATIONS: Readonly<Record<FindingKind | 'input', Explanation>> = {
  'data-race': {
    title: 'Data race',
    what: 'Two tasks access the same shared variable, at least one of them writes, and nothing orders the two accesses: no lock both hold, no channel operation, no WaitGroup wait or join between them. The outcome depends on timing, and on real hardware it may be a torn or lost value.',
    fix: 'Hold one mutex around both accesses, make the variable atomic (`x.atomic_add: 1`, `AtomicInt`), or hand the value over a channel instead of sharing it.',
  },
  deadlock: {
    title: 'Deadlock',
    what: 'Nothing can run and the program has not ended: every remaining task waits for something only another waiting task could provide.',
    fix: 'Take locks in one global order, make sure every receive has a sender (or the channel is closed), and release on every path.',
  },
  leak: {
    title: 'Leak',
    what: 'The program ended while some tasks were still blocked: they will never run again.',
    fix: 'Close the channel they wait on, cancel them, or wait for them before returning.',
  },
  'lock-order': {
    title: 'Lock-order cycle',
    what: 'Two tasks take the same locks in different orders. No schedule explored deadlocked, but one that interleaves them differently can.',
    fix: 'Choose one order for these locks and take them in that order everywhere.',
  },
  misuse: {
    title: 'Misuse',
    what: 'A use the runtime rejects: unlocking a mutex that is not locked (or that another thread holds), a negative WaitGroup counter, closing a closed channel, releasing a strict semaphore beyond its permits.',
    fix: 'Pair every unlock with a lock in the same task; call `wg.add` before `go`, not inside the new task; close a channel once, from the sender.',
  },
  assertion: {
    title: 'Assertion failed',
    what: 'An `assert` in the program did not hold on some schedule.',
    fix: 'Step through the schedule ("Step through it") to see which interleaving breaks the assumption.',
  },
  'mutual-exclusion': {
    title: 'Mutual exclusion violated',
    what: 'Two tasks were inside the same critical section at once.',
    fix: 'Guard the section with a mutex (or a semaphore sized for the limit).',
  },
  expectation: {
    title: 'Expectation failed',
    what: 'An entry of the scenario\'s `expect` list did not hold on an explored schedule.',
    fix: 'The related findings, or "Show the interleaving", say which schedule breaks it.',
  },
  starvation: {
    title: 'Starvation',
    what: 'A runnable task did not get to run for longer than the threshold.',
    fix: 'Use a fairer policy, fewer busy tasks than hardware threads, or yield in long loops.',
  },
  'priority-inversion': {
    title: 'Priority inversion',
    what: 'A high-priority task waited on a lock held by a low-priority task that was kept off the CPU by medium-priority work.',
    fix: 'Priority inheritance, a shorter critical section, or the same priority for tasks sharing the lock.',
  },
  livelock: {
    title: 'Livelock',
    what: 'A task loops forever without making progress: every pass of its loop reads the same values, and no task that can still run will change them. "Possible livelock" means a schedule ran into its step budget, most likely in a loop that never ends.',
    fix: 'Make sure the task that should set the flag (or send, or store) does it on every path; wait on a channel, a condition variable or a WaitGroup instead of spinning.',
  },
  input: {
    title: 'Input error',
    what: 'The file is not a valid scenario or `.sim.ts` program; nothing was simulated.',
    fix: 'The message says what was expected at that line and column.',
  },
};

export function isExplainedKind(kind: string): kind is FindingKind | 'input' {
  return Object.prototype.hasOwnProperty.call(EXPLANATIONS, kind);
}

/** The path part of the explanation URI for a kind (`/data-race.md`). */
export function explanationPath(kind: FindingKind | 'input'): string {
  return `/${kind}.md`;
}

/** The markdown page for `interleave-explain:/KIND.md`; unknown kinds get the index. */
export function explanationMarkdown(path: string): string {
  const kind = path.replace(/^\//, '').replace(/\.md$/, '');
  if (!isExplainedKind(kind)) {
    return ['# Interleave finding kinds', '', ...Object.entries(EXPLANATIONS).map(([k, e]) => `- \`${k}\`: ${e.title}`), ''].join('\n');
  }
  const e = EXPLANATIONS[kind];
  return [
    `# ${e.title} (\`${kind}\`)`, '',
    e.what, '',
    '## How to fix it', '',
    e.fix, '',
    'Each finding has code actions (the light bulb): **Show the interleaving** opens the schedule that proves it, **Step through it** starts a debug session on that schedule.', '',
  ].join('\n');
}
