/**
 * `interleave explore FILE [--strategy dpor|pct|random|portfolio] [--stateful] [--schedules N] [--seed N] [--outcomes VAR,...] [--json]`:
 * exploration statistics and every distinct finding, each with a replayable schedule.
 * What it prints is in exploreReport.ts.
 */
import { exploreSchedules } from '../../service/index';
import { HELP_OPTION, one, SEED_OPTION, seedOption, UsageError } from '../args';
import { budgetOptions, readBudgets } from '../budgets';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../io';
import { Watch } from '../guard/watch';
import type { Command } from './command';
import { positiveInt } from './check';
import { outcomesOf, printExplore, unknownOutcomeVars } from './exploreReport';
import { oneEntry, oneFile, reportLoadErrors, RUN_OPTION } from './shared';

export const exploreCommand: Command = {
  name: 'explore',
  summary: 'exploration statistics and every distinct finding, each with a replayable schedule',
  usage: 'interleave explore FILE [--strategy dpor|pct|random|portfolio] [--stateful] [--schedules N] [--seed N] [--outcomes VAR,...] [--json]',
  details: 'dpor (default) is source-DPOR with sleep sets; pct is probabilistic concurrency testing and\n'
    + 'random a uniform choice at each step, both seeded. Prints the schedules run, whether the search\n'
    + 'was complete, the distinct final states and every finding with its schedule string.\n'
    + 'A search a budget cuts short reports what it covered (complete: false) and names the budget.\n'
    + 'Exit status: 0 no findings, 1 findings, 2 bad input, or no answer within the budgets.',
  options: [
    { name: '--strategy', value: true, placeholder: 'dpor|pct|random|portfolio', help: 'how to choose schedules (default dpor; portfolio interleaves dpor with pct depths 1-3 and random)' },
    { name: '--schedules', value: true, placeholder: 'N', help: 'most schedules (default 1000)' },
    SEED_OPTION,
    { name: '--stateful', value: false, help: 'dpor: explore each visited state once (sleep sets with visited states; stateless dpor where the state cannot be observed)' },
    { name: '--outcomes', value: true, placeholder: 'VAR,...', help: 'list just the reachable final values of these shared variables, each with a schedule that ends in it' },
    { name: '--json', value: false, help: 'print statistics and findings as JSON' },
    ...budgetOptions('schedule'),
    RUN_OPTION,
    HELP_OPTION,
  ],
  run(args, io) {
    const s = one(args, '--strategy') ?? 'dpor';
    if (s !== 'dpor' && s !== 'pct' && s !== 'random' && s !== 'portfolio') throw new UsageError(`--strategy must be dpor, pct, random or portfolio, got "${s}"`);
    const schedules = positiveInt(args, '--schedules', 1000);
    const seed = seedOption(args) ?? 1;
    const file = oneFile(args, 'explore');
    const json = args.flags.has('--json');
    const outcomeVars = outcomesOption(one(args, '--outcomes'));
    const watch = Watch.of(io, readBudgets(args, 'schedule'));
    watch.command({ command: 'explore', format: json ? 'json' : 'text', files: [file], strategy: s, seed });
    watch.startFile(file);
    const loaded = watch.load(file, io);
    if (!loaded.program || loaded.errors.length > 0) {
      reportLoadErrors(file, loaded.errors, io);
      return EXIT_USAGE;
    }
    const stateful = args.flags.has('--stateful');
    if (stateful && s !== 'dpor' && s !== 'portfolio') throw new UsageError(`--stateful goes with --strategy dpor or portfolio, not ${s}`);
    const run = one(args, '--run');
    const program = run === undefined ? loaded.program : watch.tracker.track(oneEntry(file, loaded, run).program);
    const r = exploreSchedules(program, { strategy: s, maxSchedules: schedules, seed, ...(stateful ? { stateful } : {}), ...watch.exploreOptions() });
    const outcome = watch.exploreOutcome(r, schedules);
    watch.idle();
    const st = r.stats;
    if (outcomeVars) {
      const unknown = unknownOutcomeVars(outcomeVars, st.outcomes);
      if (unknown.length > 0) {
        const known = [...new Set(st.outcomes.flatMap((o) => Object.keys(JSON.parse(o) as object)))];
        io.err(`${file}: --outcomes: no schedule ended with a shared variable named ${unknown.map((u) => `\`${u}\``).join(', ')}; `
          + `the program's shared variables are ${known.map((k) => `\`${k}\``).join(', ')}\n`);
        return EXIT_USAGE;
      }
    }
    printExplore({
      file, strategy: st.strategy, seed, ...outcome, redundant: st.redundant, steps: st.steps,
      elapsedMs: st.elapsedMs, minimiseSchedules: st.minimiseSchedules, stoppedBy: outcome.stop?.budget === 'time' ? 'time' : st.stoppedBy,
      outcomes: st.outcomes, ...(outcomeVars ? { outcomesOf: outcomesOf(outcomeVars, st.finalStates) } : {}), errors: st.errors, findings: r.findings,
      ...(stateful && st.search ? { search: { mode: st.search, states: st.states ?? 0, ...(st.statelessBecause ? { statelessBecause: st.statelessBecause } : {}) } } : {}),
    }, json, io);
    if (outcome.stop && outcome.schedules === 0) return EXIT_USAGE;
    return r.findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** `--outcomes r1,r2`: the variable names, in order, without repeats. */
function outcomesOption(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const names = [...new Set(text.split(',').map((n) => n.trim()).filter((n) => n.length > 0))];
  if (names.length === 0) throw new UsageError('--outcomes needs one or more variable names separated by commas, e.g. --outcomes r1,r2');
  return names;
}
