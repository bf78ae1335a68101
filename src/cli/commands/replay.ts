/**
 * `interleave replay FILE --schedule S [--exact] [--json]`: re-runs one schedule.
 * A schedule from `check` or `explore` is an untimed interleaving: it is replayed
 * exactly in the untimed model, then shown in the timed model (durations included),
 * saying so when the modelled timing does not reach that interleaving. `--exact`
 * replays a schedule printed by `run` in the timed model, choice for choice. A schedule
 * that does not fit the file (made for another program) is an error, not a replay.
 */
import { scheduleShapeError, simulate } from '../../core/index';
import { replaySchedule, type Simulate } from '../../service/index';
import type { RunResult } from '../../core/run';
import { jsonValue, valueText } from '../../core/valueText';
import { HELP_OPTION, one, UsageError } from '../args';
import { budgetOptions, readBudgets } from '../budgets';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../io';
import { Watch } from '../guard/watch';
import { prefixNote, scheduleMisfit } from '../scheduleFit';
import { findingToJson, formatFindingText, formatStopText } from './checkReport';
import type { Command } from './command';
import { loadOrReport, oneFile, RUN_OPTION } from './shared';

function runJson(r: RunResult) {
  return {
    stopped: r.stopped,
    ...(r.error ? { error: r.error } : {}),
    makespan_ns: r.makespan_ns,
    schedule: r.schedule,
    tasks: r.tasks,
    finals: jsonValue(r.finals),
    log: r.log,
    findings: r.findings.map(findingToJson),
  };
}

function runText(title: string, r: RunResult): string[] {
  const lines = [`${title}: ${r.stopped}${r.error ? ` (${r.error})` : ''}, makespan ${(r.makespan_ns / 1e6).toFixed(3)} ms, finals ${valueText(r.finals)}`];
  for (const t of r.tasks) {
    lines.push(`  ${t.id} ${t.name}: start ${t.start_ns} ns, end ${t.end_ns ?? 'blocked'}${t.end_ns !== null ? ' ns' : ''}`);
  }
  for (const l of r.log) lines.push(`  [${l.ns} ns] ${l.task}: ${l.text}`);
  for (const f of r.findings) lines.push(formatFindingText(f).replace(/^/gm, '  '));
  return lines;
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 're-runs exactly one schedule; a check/explore schedule is also shown with modelled durations',
  usage: 'interleave replay FILE --schedule S [--exact] [--json] [-run TEST]',
  details: 'A schedule printed by check or explore is an untimed interleaving: it is replayed exactly, then\n'
    + 'shown in the timed model, which says when the modelled timing does not reach that interleaving.\n'
    + '--exact replays a schedule printed by `run` in the timed model, choice for choice.\n'
    + 'A schedule made for another program (or an older version of the file) is refused, naming the\n'
    + 'first choice that does not fit.\n'
    + 'Exit status: 0 no findings, 1 findings, 2 bad input (a schedule that does not fit), or no answer within the budgets.',
  options: [
    { name: '--schedule', value: true, placeholder: 'S', help: 'the schedule string (v1:...) to replay' },
    { name: '--exact', value: false, help: 'the schedule is a timed one (from `run`): replay it in the timed model only' },
    { name: '--json', value: false, help: 'print the replayed runs as JSON' },
    ...budgetOptions('run'),
    RUN_OPTION,
    RUN_OPTION,
    HELP_OPTION,
  ],
  run(args, io) {
    const schedule = one(args, '--schedule');
    if (!schedule) throw new UsageError('replay needs --schedule S (a schedule string printed by check, explore or run)');
    const problem = scheduleShapeError(schedule);
    if (problem) throw new UsageError(`"${schedule}" is not a schedule string: ${problem}`);
    const file = oneFile(args, 'replay');
    const json = args.flags.has('--json');
    const watch = Watch.of(io, readBudgets(args, 'run'));
    watch.command({ command: 'replay', format: json ? 'json' : 'text', files: [file] });
    const program = loadOrReport(file, io, watch, args);
    if (!program) return EXIT_USAGE;
    const budget = { budget: { events: watch.budgets.events }, shouldCancel: watch.overTime };
    const budgeted: Simulate = (p, options) => {
      const r = simulate(p, { ...options, ...budget });
      watch.noteRun(r);
      return r;
    };
    const where = () => watch.tracker.last();
    const stopped = (): number => {
      io.err(formatStopText(file, { ...watch.runStopped!, hard: true }) + '\n');
      return EXIT_USAGE;
    };

    if (args.flags.has('--exact')) {
      const r = budgeted(program, { mode: 'timed', schedule });
      const misfit = scheduleMisfit(program, schedule, r, 'timed', file, where, budget);
      watch.idle();
      if (misfit) {
        io.err(misfit.message + '\n');
        return EXIT_USAGE;
      }
      io.out(json ? JSON.stringify({ file, schedule, timed: runJson(r) }, null, 2) + '\n' : runText(`${file} (timed, exact)`, r).join('\n') + '\n');
      const note = prefixNote(schedule, r, file);
      if (note) io.err(note + '\n');
      if (watch.runStopped) return stopped();
      return r.findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
    }
    const rep = replaySchedule(program, schedule, budgeted);
    const misfit = scheduleMisfit(program, schedule, rep.untimed, 'untimed', file, where, budget);
    watch.idle();
    if (misfit) {
      io.err(misfit.message + '\n');
      return EXIT_USAGE;
    }
    if (json) {
      io.out(JSON.stringify({
        file, schedule, reproduced: rep.reproduced, notes: rep.notes,
        untimed: { ...runJson(rep.untimed), races: rep.races.map(findingToJson) }, timed: runJson(rep.timed),
      }, null, 2) + '\n');
    } else {
      io.out([
        ...runText(`${file}: the schedule (untimed, exact)`, rep.untimed),
        ...rep.races.map((f) => formatFindingText(f).replace(/^/gm, '  ')),
        ...runText('the same interleaving with modelled durations (timed)', rep.timed),
        rep.reproduced
          ? 'The timed model reproduces this schedule\'s outcome.'
          : 'The modelled timing does not reach this interleaving: ' + rep.notes.join('; ')
            + '. Real durations vary, so the untimed schedule is still a real bug; the timed view shows what this machine model does instead.',
      ].join('\n') + '\n');
    }
    const note = prefixNote(schedule, rep.untimed, file);
    if (note) io.err(note + '\n');
    if (watch.runStopped) return stopped();
    return rep.untimed.findings.length + rep.races.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
