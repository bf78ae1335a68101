/**
 * `interleave explore FILE [--strategy dpor|pct|random] [--schedules N] [--seed N] [--json]`:
 * exploration statistics and every distinct finding, each with a replayable schedule.
 */
import { formatInputError } from '../../core/findings';
import { explore } from '../../core/explore';
import { findingToJson, formatFindingText, parseArgs, positiveInt, UsageError, type CommandEnv } from './check';

const USAGE = 'usage: interleave explore FILE [--strategy dpor|pct|random] [--schedules N] [--seed N] [--json]';

export function exploreCommand(argv: readonly string[], env: CommandEnv): number {
  let args;
  let strategy: 'dpor' | 'pct' | 'random';
  let schedules: number;
  let seed: number;
  try {
    args = parseArgs(argv, ['strategy', 'schedules', 'seed'], ['json']);
    const s = args.values.get('strategy') ?? 'dpor';
    if (s !== 'dpor' && s !== 'pct' && s !== 'random') throw new UsageError(`--strategy must be dpor, pct or random, got "${s}"`);
    strategy = s;
    schedules = positiveInt('schedules', args.values.get('schedules'), 1000);
    seed = positiveInt('seed', args.values.get('seed'), 1);
    if (args.positional.length !== 1) throw new UsageError('explore needs exactly one FILE');
  } catch (e) {
    if (e instanceof UsageError) {
      env.stderr(`interleave explore: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const file = args.positional[0];
  const loaded = env.loadProgram(file);
  if (!loaded.program || loaded.errors.length > 0) {
    for (const e of loaded.errors) env.stderr(formatInputError(e) + '\n');
    return 2;
  }
  const r = explore(loaded.program, { strategy, maxSchedules: schedules, seed });
  const s = r.stats;
  const perSecond = s.elapsedMs > 0 ? Math.round((s.schedules + s.redundant + s.minimiseSchedules) / (s.elapsedMs / 1000)) : null;
  if (args.flags.has('json')) {
    env.stdout(JSON.stringify({
      file,
      strategy: s.strategy,
      seed,
      schedules: r.schedules,
      complete: r.complete,
      stats: {
        redundant: s.redundant, steps: s.steps, elapsed_ms: s.elapsedMs, minimise_schedules: s.minimiseSchedules,
        stopped_by: s.stoppedBy, schedules_per_second: perSecond, outcomes: s.outcomes.map((o) => JSON.parse(o)),
        errors: s.errors,
      },
      findings: r.findings.map(findingToJson),
    }, null, 2) + '\n');
  } else {
    const lines = [
      `${file}: ${s.strategy}, ${r.schedules} schedule${r.schedules === 1 ? '' : 's'}${s.redundant ? ` (+${s.redundant} cut short as equivalent)` : ''}, ` +
        `${r.complete ? 'complete' : `not complete (stopped: ${s.stoppedBy === 'exhausted' ? 'bounded or truncated' : s.stoppedBy})`}, ` +
        `${s.steps} steps in ${s.elapsedMs} ms${perSecond !== null ? ` (${perSecond} schedules/s)` : ''}`,
      `distinct final states: ${s.outcomes.length === 0 ? 'none finished' : s.outcomes.join('  ')}`,
      ...s.errors.map((e) => `note: ${e}`),
      ...r.findings.map(formatFindingText),
      `${r.findings.length} distinct finding${r.findings.length === 1 ? '' : 's'}`,
    ];
    env.stdout(lines.join('\n') + '\n');
  }
  return r.findings.length > 0 ? 1 : 0;
}
