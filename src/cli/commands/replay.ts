/**
 * `interleave replay FILE --schedule S [--exact] [--json]`: re-runs one schedule.
 * A schedule from `check` or `explore` is an untimed interleaving: it is replayed
 * exactly in the untimed model, then shown in the timed model (durations included),
 * saying so when the modelled timing does not reach that interleaving. `--exact`
 * replays a schedule printed by `run` in the timed model, choice for choice.
 */
import { simulate } from '../../core/engine/simulate';
import { formatInputError } from '../../core/findings';
import { replayTimed } from '../../core/explore';
import type { RunResult } from '../../core/run';
import { findingToJson, formatFindingText, parseArgs, UsageError, type CommandEnv } from './check';

const USAGE = 'usage: interleave replay FILE --schedule S [--exact] [--json]';

function runJson(r: RunResult) {
  return {
    stopped: r.stopped,
    ...(r.error ? { error: r.error } : {}),
    makespan_ns: r.makespan_ns,
    schedule: r.schedule,
    tasks: r.tasks,
    finals: r.finals,
    log: r.log,
    findings: r.findings.map(findingToJson),
  };
}

function runText(title: string, r: RunResult): string[] {
  const lines = [`${title}: ${r.stopped}${r.error ? ` (${r.error})` : ''}, makespan ${(r.makespan_ns / 1e6).toFixed(3)} ms, finals ${JSON.stringify(r.finals)}`];
  for (const t of r.tasks) {
    lines.push(`  ${t.id} ${t.name}: start ${t.start_ns} ns, end ${t.end_ns ?? 'blocked'}${t.end_ns !== null ? ' ns' : ''}`);
  }
  for (const l of r.log) lines.push(`  [${l.ns} ns] ${l.task}: ${l.text}`);
  for (const f of r.findings) lines.push(formatFindingText(f).replace(/^/gm, '  '));
  return lines;
}

export function replayCommand(argv: readonly string[], env: CommandEnv): number {
  let args;
  try {
    args = parseArgs(argv, ['schedule'], ['json', 'exact']);
    if (args.positional.length !== 1) throw new UsageError('replay needs exactly one FILE');
    const s = args.values.get('schedule');
    if (!s) throw new UsageError('replay needs --schedule S (a schedule string printed by check, explore or run)');
    if (!/^v1:[0-9a-z]+:[0-9a-z()*.]*$/.test(s)) throw new UsageError(`"${s}" is not a schedule string: expected v1:<seed>:<choices>, as printed by check, explore or run`);
  } catch (e) {
    if (e instanceof UsageError) {
      env.stderr(`interleave replay: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const file = args.positional[0];
  const schedule = args.values.get('schedule')!;
  const loaded = env.loadProgram(file);
  if (!loaded.program || loaded.errors.length > 0) {
    for (const e of loaded.errors) env.stderr(formatInputError(e) + '\n');
    return 2;
  }
  const json = args.flags.has('json');
  if (args.flags.has('exact')) {
    const r = simulate(loaded.program, { mode: 'timed', schedule });
    env.stdout(json ? JSON.stringify({ file, schedule, timed: runJson(r) }, null, 2) + '\n' : runText(`${file} (timed, exact)`, r).join('\n') + '\n');
    return r.findings.length > 0 ? 1 : 0;
  }
  const rep = replayTimed(loaded.program, schedule, simulate);
  if (json) {
    env.stdout(JSON.stringify({
      file, schedule, reproduced: rep.reproduced, notes: rep.notes,
      untimed: { ...runJson(rep.untimed), races: rep.races.map(findingToJson) }, timed: runJson(rep.timed),
    }, null, 2) + '\n');
  } else {
    const lines = [
      ...runText(`${file}: the schedule (untimed, exact)`, rep.untimed),
      ...rep.races.map((f) => formatFindingText(f).replace(/^/gm, '  ')),
      ...runText('the same interleaving with modelled durations (timed)', rep.timed),
      rep.reproduced
        ? 'The timed model reproduces this schedule\'s outcome.'
        : 'The modelled timing does not reach this interleaving: ' + rep.notes.join('; ') +
          '. Real durations vary, so the untimed schedule is still a real bug; the timed view shows what this machine model does instead.',
    ];
    env.stdout(lines.join('\n') + '\n');
  }
  return rep.untimed.findings.length + rep.races.length > 0 ? 1 : 0;
}
