/**
 * "Show the interleaving" (issue 16 item 3): a schedule from `check`/`explore` orders the
 * untimed model's steps, so the panel shows those steps as they were found, in order on task
 * lanes and without durations, with the two racing accesses marked and linked to their
 * lines, above the timed run steered towards it.
 */
import { simulate, type Program, type TaskId } from '../../core/index';
import type { Finding } from '../../core/findings';
import type { SourceRange } from '../../core/program';
import type { Interleaving, InterleavingStep } from '../../protocol/panel';
import { stepRecorder, type RecordedStep } from '../fileWork';
import { measureSchedule } from '../search';

const sameAt = (a: SourceRange | undefined, b: SourceRange | undefined) =>
  a !== undefined && b !== undefined && a.file === b.file && a.line === b.line && a.column === b.column;

/**
 * The two steps that prove `finding`: the first step at the finding's place that has, before
 * it, a step of another task at the related place (the latest such one). Undefined when the
 * steps do not show that pair (a finding without two places, or one past the listed steps).
 */
function provingPair(steps: readonly RecordedStep[], finding: Finding): [number, number] | undefined {
  const other = finding.related[0]?.at;
  if (!other) return undefined;
  for (let j = 0; j < steps.length; j++) {
    if (!sameAt(steps[j].op.at, finding.at)) continue;
    for (let i = j - 1; i >= 0; i--) {
      if (steps[i].task !== steps[j].task && sameAt(steps[i].op.at, other)) return [i, j];
    }
  }
  return undefined;
}

export function interleavingOf(program: Program, schedule: string, set?: Readonly<Record<string, unknown>>): Interleaving {
  const recorder = stepRecorder(program);
  // The replay check measures findings with (the race detector on), the steps recorded as it goes.
  const measured = measureSchedule(program, schedule, (p, o) => simulate(p, {
    ...o, ...(set ? { set } : {}),
    onStep: (step) => { o.onStep?.(step); recorder.onStep(step); },
  }));
  const r = measured.result;
  const labels = r.tasks.map((t) => (t.name && t.name !== t.id ? `${t.id} ${t.name}` : t.id));
  const label = (t: TaskId) => r.tasks[t]?.id ?? `T${t + 1}`;
  const finding = measured.findings.find((f) => f.kind === 'data-race') ?? measured.findings[0];
  const pair = finding ? provingPair(recorder.steps, finding) : undefined;
  const steps: InterleavingStep[] = recorder.steps.flatMap((st, i) => {
    const text = recorder.describe(st, label);
    if (text === undefined) return [];
    const at = st.op.at ? { file: st.op.at.file, line: st.op.at.line, column: st.op.at.column } : undefined;
    return [{ task: st.task, text, ...(at ? { at } : {}), ...(pair && (pair[0] === i || pair[1] === i) ? { mark: true } : {}) }];
  });
  return {
    tasks: labels,
    steps,
    ...(finding ? { finding: `${finding.kind}: ${finding.message}` } : {}),
    truncated: recorder.truncated(),
  };
}
