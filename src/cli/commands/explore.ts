/**
 * `interleave explore FILE [--strategy dpor|pct|random] [--schedules N] [--seed N] [--json]`:
 * exploration statistics and every distinct finding, each with a replayable schedule.
 */
import { explore } from '../../core/explore';
import { HELP_OPTION, one, SEED_OPTION, seedOption, UsageError } from '../args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../io';
import type { Command } from './command';
import { findingToJson, formatFindingText, positiveInt } from './check';
import { loadOrReport, oneFile } from './shared';

export const exploreCommand: Command = {
  name: 'explore',
  summary: 'exploration statistics and every distinct finding, each with a replayable schedule',
  usage: 'interleave explore FILE [--strategy dpor|pct|random] [--schedules N] [--seed N] [--json]',
  details: 'dpor (default) is source-DPOR with sleep sets; pct is probabilistic concurrency testing and\n'
    + 'random a uniform choice at each step, both seeded. Prints the schedules run, whether the search\n'
    + 'was complete, the distinct final states and every finding with its schedule string.\n'
    + 'Exit status: 0 no findings, 1 findings, 2 bad input or usage.',
  options: [
    { name: '--strategy', value: true, placeholder: 'dpor|pct|random', help: 'how to choose schedules (default dpor)' },
    { name: '--schedules', value: true, placeholder: 'N', help: 'most schedules (default 1000)' },
    SEED_OPTION,
    { name: '--json', value: false, help: 'print statistics and findings as JSON' },
    HELP_OPTION,
  ],
  run(args, io) {
    const s = one(args, '--strategy') ?? 'dpor';
    if (s !== 'dpor' && s !== 'pct' && s !== 'random') throw new UsageError(`--strategy must be dpor, pct or random, got "${s}"`);
    const schedules = positiveInt(args, '--schedules', 1000);
    const seed = seedOption(args) ?? 1;
    const file = oneFile(args, 'explore');
    const program = loadOrReport(file, io);
    if (!program) return EXIT_USAGE;
    const r = explore(program, { strategy: s, maxSchedules: schedules, seed });
    const st = r.stats;
    const total = st.schedules + st.redundant + st.minimiseSchedules;
    const perSecond = st.elapsedMs > 0 ? Math.round(total / (st.elapsedMs / 1000)) : null;
    if (args.flags.has('--json')) {
      io.out(JSON.stringify({
        file, strategy: st.strategy, seed, schedules: r.schedules, complete: r.complete,
        stats: {
          redundant: st.redundant, steps: st.steps, elapsed_ms: st.elapsedMs, minimise_schedules: st.minimiseSchedules,
          stopped_by: st.stoppedBy, schedules_per_second: perSecond, outcomes: st.outcomes.map((o) => JSON.parse(o)), errors: st.errors,
        },
        findings: r.findings.map(findingToJson),
      }, null, 2) + '\n');
    } else {
      const state = r.complete ? 'complete' : `not complete (${st.stoppedBy === 'exhausted' ? 'bounded or a schedule hit its step budget' : `stopped: ${st.stoppedBy}`})`;
      io.out([
        `${file}: ${st.strategy}, ${r.schedules} schedule${r.schedules === 1 ? '' : 's'}${st.redundant ? ` (+${st.redundant} cut short as equivalent)` : ''}, ${state}, `
          + `${st.steps} steps in ${st.elapsedMs} ms${perSecond !== null ? ` (${perSecond} schedules/s)` : ''}`,
        `distinct final states: ${st.outcomes.length === 0 ? 'none finished' : st.outcomes.join('  ')}`,
        ...st.errors.map((e) => `note: ${e}`),
        ...r.findings.map(formatFindingText),
        `${r.findings.length} distinct finding${r.findings.length === 1 ? '' : 's'}`,
      ].join('\n') + '\n');
    }
    return r.findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
