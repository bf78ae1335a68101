/**
 * `expect:` → `Expectation`s and `sweep:` → `SweepAxis`es. Both name things declared
 * elsewhere in the file (variables, sections, settings), so they are read last.
 */
import type { Node } from 'yaml';
import { ABOUT_METRICS, type Expectation, type SourceRange, type SweepAxis, type VarDecl } from '../../core/program';
import { resolveConfig, SETTABLE_PATHS } from '../../core/config';
import type { ScenarioSource } from './source';
import { checkKeys, mapEntries, readDuration, readInt, readScalar, readString, seqItems } from './reader';
import { suggestion } from './suggest';

const EXPECT_KINDS = ['no', 'max_inside', 'final', 'finishes_within', 'about'] as const;
/** An `about` figure's tolerance when it names none. */
const ABOUT_WITHIN = 0.1;
const NO_FINDINGS = ['data-race', 'deadlock', 'leak'] as const;

export function readExpect(src: ScenarioSource, node: Node | null, at: SourceRange, vars: ReadonlyMap<string, VarDecl>,
  sections: ReadonlySet<string>): Expectation[] {
  const out: Expectation[] = [];
  for (const item of seqItems(src, node, '`expect`', at) ?? []) {
    const itemAt = src.range(item, at);
    const all = mapEntries(src, item, 'an `expect` entry', itemAt);
    if (!all) continue;
    // `when:` goes beside a `finishes_within` or an `about` (a timing property written for other settings).
    const whenEntry = all.find((x) => x.key === 'when');
    const entries = all.filter((x) => x !== whenEntry);
    if (entries.length !== 1) {
      src.error(itemAt, `an \`expect\` entry has exactly one property, got ${entries.length}`,
        'write each property as its own `- ` item');
      if (entries.length === 0) continue;
    }
    if (whenEntry && entries[0]?.key !== 'finishes_within' && entries[0]?.key !== 'about') {
      src.error(whenEntry.keyAt, '`when` goes with `finishes_within` and `about` only',
        'a timing property depends on the settings; `final`, `max_inside` and `no` hold for every run');
      continue;
    }
    const [e] = checkKeys(src, entries.slice(0, 1), EXPECT_KINDS, '`expect`');
    if (!e) continue;
    if (e.key === 'no') {
      const what = readString(src, e.value, '`no`', e.keyAt);
      if (what === undefined) continue;
      if (!(NO_FINDINGS as readonly string[]).includes(what)) {
        src.error(e.valueAt, `\`no: ${what}\` is not a finding this can check`, suggestion(what, NO_FINDINGS, 'use one of'));
        continue;
      }
      out.push({ kind: 'no', finding: what as (typeof NO_FINDINGS)[number], at: itemAt });
    } else if (e.key === 'max_inside') {
      let section: string | undefined;
      let value: number | undefined;
      const fields = checkKeys(src, mapEntries(src, e.value, '`max_inside`', e.keyAt) ?? [], ['section', 'value'], '`max_inside`');
      for (const f of fields) {
        if (f.key === 'section') {
          section = readString(src, f.value, '`max_inside.section`', f.keyAt);
          if (section !== undefined && !sections.has(section)) {
            src.error(f.valueAt, `\`${section}\` is neither a \`critical:\` section nor a semaphore in this file`,
              suggestion(section, [...sections], 'the sections are'));
            section = undefined;
          }
        } else value = readInt(src, f.value, '`max_inside.value`', f.keyAt, 0);
      }
      if (!fields.some((f) => f.key === 'section') || !fields.some((f) => f.key === 'value')) {
        src.error(e.at, '`max_inside` needs `section` and `value`', 'write `max_inside: { section: pool, value: 2 }`');
      }
      if (section !== undefined && value !== undefined) out.push({ kind: 'max_inside', section, value, at: itemAt });
    } else if (e.key === 'final') {
      const values: Record<string, unknown> = {};
      let ok = true;
      for (const f of mapEntries(src, e.value, '`final`', e.keyAt) ?? []) {
        if (!vars.has(f.key)) {
          src.error(f.keyAt, `\`final\` names \`${f.key}\`, which is not a variable under \`vars:\``,
            suggestion(f.key, [...vars.keys()], 'the variables are'));
          ok = false;
          continue;
        }
        const r = readScalar(src, f.value, `the final value of \`${f.key}\``, f.keyAt);
        if (r.ok) values[f.key] = r.value;
        else ok = false;
      }
      if (ok) out.push({ kind: 'final', values, at: itemAt });
    } else {
      const when = whenEntry ? readWhen(src, whenEntry.value, whenEntry.keyAt) : undefined;
      if (whenEntry && !when) continue;
      if (e.key === 'about') {
        const about = readAbout(src, e.value, e.keyAt);
        if (about) out.push({ kind: 'about', ...about, ...(when ? { when } : {}), at: itemAt });
        continue;
      }
      const ns = readDuration(src, e.value, '`finishes_within`', e.keyAt);
      if (ns !== undefined) out.push({ kind: 'finishes_within', ns, ...(when ? { when } : {}), at: itemAt });
    }
  }
  return out;
}

/**
 * `about: { makespan: 77ms, within: 5% }`, `about: { ends: 103ms, task: short_job }`,
 * `about: { context_switches: 38 }`: one metric with its value, and an optional tolerance.
 */
function readAbout(src: ScenarioSource, node: Node | null, at: SourceRange):
  Pick<Extract<Expectation, { kind: 'about' }>, 'metric' | 'value' | 'within' | 'task'> | undefined {
  const example = 'write `about: { makespan: 77ms, within: 5% }`';
  const fields = checkKeys(src, mapEntries(src, node, '`about`', at) ?? [], [...ABOUT_METRICS, 'within', 'task'], '`about`');
  const metrics = fields.filter((f) => (ABOUT_METRICS as readonly string[]).includes(f.key));
  if (metrics.length !== 1) {
    src.error(at, `\`about\` measures exactly one of ${ABOUT_METRICS.map((m) => `\`${m}\``).join(', ')}, got ${metrics.length}`, example);
    return undefined;
  }
  const m = metrics[0];
  const metric = m.key as (typeof ABOUT_METRICS)[number];
  const value = metric === 'context_switches' ? readInt(src, m.value, '`about.context_switches`', m.keyAt, 0)
    : readDuration(src, m.value, `\`about.${metric}\``, m.keyAt);
  let within = ABOUT_WITHIN;
  const w = fields.find((f) => f.key === 'within');
  if (w) {
    const text = readString(src, w.value, '`about.within`', w.keyAt);
    const pct = text !== undefined ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text) : null;
    if (!pct || Number(pct[1]) <= 0 || Number(pct[1]) >= 100) {
      if (text !== undefined) src.error(w.valueAt, `\`within\` is a percentage above 0 and below 100, got \`${text}\``, 'write `within: 5%`');
      return undefined;
    }
    within = Number(pct[1]) / 100;
  }
  const t = fields.find((f) => f.key === 'task');
  const task = t ? readString(src, t.value, '`about.task`', t.keyAt) : undefined;
  if (metric === 'ends' && task === undefined) {
    if (!t) src.error(at, '`about: { ends: … }` needs the `task` whose end it gives', 'write `about: { ends: 103ms, task: short_job }`');
    return undefined;
  }
  if (metric !== 'ends' && t) {
    src.error(t.keyAt, '`task` goes with `ends` only', example);
    return undefined;
  }
  if (value === undefined) return undefined;
  return { metric, value, within, ...(task !== undefined ? { task } : {}) };
}

/** `when: { runtime.gomaxprocs: 1 }`: the settings a timing expectation is written for. */
function readWhen(src: ScenarioSource, node: Node | null, at: SourceRange): Record<string, unknown> | undefined {
  const entries = mapEntries(src, node, '`when`', at);
  if (!entries || entries.length === 0) {
    if (entries) src.error(at, '`when` names no setting', 'write `when: { runtime.gomaxprocs: 1 }`');
    return undefined;
  }
  const when: Record<string, unknown> = {};
  let ok = true;
  for (const e of entries) {
    if (!SWEEP_PATHS.includes(e.key)) {
      src.error(e.keyAt, `\`${e.key}\` is not a setting \`when\` can name`, suggestion(e.key, SWEEP_PATHS, 'the settings are'));
      ok = false;
      continue;
    }
    const r = readScalar(src, e.value, `the value of \`${e.key}\``, e.keyAt);
    if (!r.ok) { ok = false; continue; }
    try {
      resolveConfig({}, { [e.key]: r.value });
      when[e.key] = r.value;
    } catch (err) {
      src.error(e.valueAt, (err as Error).message.replace(/^--set /, ''), 'give a value the setting takes');
      ok = false;
    }
  }
  return ok ? when : undefined;
}

/** The settings a sweep may vary: the snake_case `--set` paths. */
export const SWEEP_PATHS: readonly string[] = SETTABLE_PATHS.filter((p) => !/[A-Z]/.test(p));

export function readSweep(src: ScenarioSource, node: Node | null, at: SourceRange): SweepAxis[] {
  const out: SweepAxis[] = [];
  for (const e of mapEntries(src, node, '`sweep`', at) ?? []) {
    if (!SWEEP_PATHS.includes(e.key)) {
      src.error(e.keyAt, `\`${e.key}\` is not a setting a sweep can vary`, suggestion(e.key, SWEEP_PATHS, 'the settings are'));
      continue;
    }
    const items = seqItems(src, e.value, `the values of \`${e.key}\``, e.keyAt);
    if (!items) continue;
    if (items.length === 0) {
      src.error(e.valueAt, `\`${e.key}\` has no values to sweep`, 'list at least one value, e.g. `[1, 2, 4]`');
      continue;
    }
    const values: unknown[] = [];
    for (const item of items) {
      const r = readScalar(src, item, `a value of \`${e.key}\``, e.valueAt);
      if (!r.ok) continue;
      try {
        // The core decides what is a valid setting; its message says what was expected.
        resolveConfig({}, { [e.key]: r.value });
        values.push(r.value);
      } catch (err) {
        src.error(src.range(item, e.valueAt), `${e.key} = ${JSON.stringify(r.value)} is not a valid setting: ${(err as Error).message}`,
          'change or remove this value');
      }
    }
    if (values.length === items.length) out.push({ path: e.key, values, at: e.at });
  }
  return out;
}
