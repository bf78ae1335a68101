/**
 * Generators of scenario files for the fuzz suite:
 * - `schemaScenario`: documents walked from media/scenario.schema.json (so they follow the
 *   format as the editor knows it), with names drawn from one small pool so that tasks,
 *   objects and methods refer to each other, and hostile values swapped in at a given rate;
 * - `mutatedText`: raw text mutations of the example files (truncation, swapped lines and
 *   keys, wrong types, huge numbers, unicode, deep nesting, alias bombs, tabs, duplicates).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { SYNC_METHODS, VAR_METHODS } from '../../../src/frontends/scenario/vocabulary';
import type { SyncKind } from '../../../src/core/program';

type Schema = Record<string, unknown>;

const ROOT = join(__dirname, '../../..');
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'media/scenario.schema.json'), 'utf8')) as Schema;
const DEFINITIONS = SCHEMA.definitions as Record<string, Schema>;

// One pool of names, so that a generated step usually names something declared.
const VARS = ['x', 'counter'];
const SYNC: Record<string, { kind: SyncKind; decl: unknown }> = {
  mu: { kind: 'mutex', decl: 'mutex' },
  rw: { kind: 'rwmutex', decl: 'rwmutex' },
  wg: { kind: 'waitgroup', decl: 'waitgroup' },
  once: { kind: 'once', decl: 'once' },
  sem: { kind: 'semaphore', decl: { semaphore: 2 } },
  ch: { kind: 'channel', decl: { channel: 1 } },
  cv: { kind: 'cond', decl: { cond: 'mu' } },
  bar: { kind: 'barrier', decl: { barrier: 2 } },
};
const TASKS = ['main', 'worker', 'helper'];
const SECTIONS = ['cs', 'sem'];

const METHODS = [
  ...VARS.flatMap((v) => Object.entries(VAR_METHODS).map(([m, spec]) => ({ word: `${v}.${m}`, arg: spec.arg }))),
  ...Object.entries(SYNC).flatMap(([name, s]) => Object.entries(SYNC_METHODS[s.kind]).map(([m, spec]) => ({ word: `${name}.${m}`, arg: spec.arg }))),
];
/** Methods written as a bare word (`mu.lock`) and with a value (`wg.add: 1`). */
const BARE_METHODS = METHODS.filter((m) => m.arg === 'none' || m.arg === 'optional').map((m) => m.word);
const VALUE_METHODS = METHODS.filter((m) => m.arg !== 'none').map((m) => m.word);

/** Values that no field expects, or that sit just past a limit. */
export const HOSTILE_VALUE: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, -0.5, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 1e21, 99_999_999_999, 1024, 1025, 2_000_000, 2_000_001,
    10_000_000, 10_000_001, 5e-324),
  fc.constantFrom('', ' ', '0ms', '-1ms', '1e309ms', 'NaNms', '200 ms', '200MS', 'µs', '99999999999999999999s', '0.000001ns',
    '.inf', '~', 'null', 'yes', '*a', '&a', '<<', '%TAG', '\t', 'main', 'mu.lock', 'x.incr', '1.5.5ms'),
  fc.constantFrom('\u202e', '\u200b', '\ufeff', '\ud800', '\u0000', '\u2028', '\u0085', '👩‍👩‍👧', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇', 'Ω≈ç√'),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({}),
  fc.integer({ min: 8, max: 120 }).map((n) => nest(n)),
  fc.constant('x'.repeat(5000)),
);

function nest(n: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { do: v };
  return v;
}

interface Ctx {
  /** Chance, out of 1000, that a node is replaced by a hostile value. */
  readonly hostile: number;
  readonly depth: number;
}

function resolve(s: Schema): Schema {
  const ref = s.$ref as string | undefined;
  return ref ? DEFINITIONS[ref.replace('#/definitions/', '')] : s;
}

/** Each node: usually what its schema allows, at the given rate a hostile value. */
function node(s: Schema, key: string, ctx: Ctx): fc.Arbitrary<unknown> {
  const valid = validNode(resolve(s), key, ctx);
  if (ctx.hostile === 0) return valid;
  return fc.oneof({ weight: 1000 - ctx.hostile, arbitrary: valid }, { weight: ctx.hostile, arbitrary: HOSTILE_VALUE });
}

/** Strings whose meaning is a name from the pool, by the key that holds them. */
function namedString(key: string): fc.Arbitrary<string> | undefined {
  if (key === 'go' || key === 'spawn' || key === 'join') return fc.constantFrom(...TASKS);
  if (key === 'critical' || key === 'section') return fc.constantFrom(...SECTIONS);
  if (key === 'recv' || key === 'send') return fc.constantFrom('ch', 'ch', 'mu');
  if (key === 'cond') return fc.constantFrom('mu', 'mu', 'rw');
  if (key === 'line') return fc.constantFrom('L1', 'L2');
  return undefined;
}

function validNode(s: Schema, key: string, ctx: Ctx): fc.Arbitrary<unknown> {
  const deeper: Ctx = { ...ctx, depth: ctx.depth + 1 };
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if (Array.isArray(s.anyOf)) {
    const options = s.anyOf as Schema[];
    // Deep down, steps with bodies (repeat, critical, select, once.do) stop branching.
    const shallow = ctx.depth > 5 ? options.filter((o) => !/"do"|selectCase|"\$ref":"#\/definitions\/steps"/.test(JSON.stringify(o))) : options;
    return fc.oneof(...(shallow.length ? shallow : options).map((o) => node(o, key, deeper)));
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : [];
  if (types.length > 1) return fc.oneof(...types.map((t) => validNode({ ...s, type: t }, key, ctx)));
  switch (types[0]) {
    case 'string': {
      const named = namedString(key);
      if (named) return named;
      if (typeof s.pattern === 'string' && (s.pattern as string).includes('\\.(')) return fc.constantFrom(...BARE_METHODS);
      if (typeof s.pattern === 'string') return fc.oneof(fc.constantFrom('1ms', '200us', '2ms', '0ns', '1.5ms'), fc.stringMatching(new RegExp(s.pattern as string)));
      return fc.oneof(fc.constantFrom('worker', 'A title', ''), fc.string({ maxLength: 10 }));
    }
    case 'integer': {
      const min = typeof s.minimum === 'number' ? s.minimum : -3;
      // Counts, repeats and sizes stay small, so a valid document is a small program.
      const max = Math.min(typeof s.maximum === 'number' ? s.maximum : min + 3, min + 3);
      return fc.integer({ min, max });
    }
    case 'number':
      return fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double({ noNaN: true, min: -10, max: 10 }));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (ctx.depth > 7) return fc.constant([]);
      const items = (s.items as Schema | undefined) ?? {};
      const minLength = typeof s.minItems === 'number' ? s.minItems : 0;
      return fc.array(node(items, `${key}[]`, deeper), { minLength, maxLength: key === 'tasks' ? 5 : 3 });
    }
    case 'object':
      return objectNode(s, key, ctx);
    default:
      return fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'ms'), fc.boolean());
  }
}

function objectNode(s: Schema, key: string, ctx: Ctx): fc.Arbitrary<unknown> {
  const deeper: Ctx = { ...ctx, depth: ctx.depth + 1 };
  const props = (s.properties as Record<string, Schema> | undefined) ?? {};
  const required = (s.required as string[] | undefined) ?? [];
  const pattern = s.patternProperties as Record<string, Schema> | undefined;
  const extra = typeof s.additionalProperties === 'object' ? (s.additionalProperties as Schema) : undefined;
  if (pattern) {
    // The one-key method step (`wg.add: 2`, `once.do: [steps]`).
    const [valueSchema] = Object.values(pattern);
    return fc.tuple(fc.constantFrom(...VALUE_METHODS), node(valueSchema, 'method', deeper)).map(([k, v]) => ({ [k]: v }));
  }
  if (key === 'sync') {
    const decl = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: node(extra ?? {}, 'syncDecl', deeper) });
    // Every object is declared (a step may name any of them); a spiked document may drop some.
    const required = ctx.hostile === 0 ? Object.keys(SYNC) : [];
    return fc.record(Object.fromEntries(Object.keys(SYNC).map((n) => [n, decl])), { requiredKeys: required })
      .map((o) => Object.fromEntries(Object.keys(SYNC).filter((n) => n in o).map((n) => [n, o[n] === undefined ? SYNC[n].decl : o[n]])));
  }
  if (extra && Object.keys(props).length === 0) {
    if (key === 'sweep') {
      // Sweep values are SCALARs in the schema; the setting decides which are valid, so
      // draw from values that fit most settings.
      const axis = fc.oneof(fc.constantFrom(1, 2, 4), fc.constantFrom('1ms', '4ms', 'fair', 'mlfq', 'go', true), node((extra.items as Schema | undefined) ?? {}, 'sweep[]', deeper));
      return fc.dictionary(fc.constantFrom(...((s.propertyNames as Schema).enum as string[])), fc.array(axis, { minLength: 1, maxLength: 3 }), { maxKeys: 2 });
    }
    if (key === 'vars' && ctx.hostile === 0) return fc.record(Object.fromEntries(VARS.map((v) => [v, node(extra, 'vars', deeper)])));
    const keys = key === 'vars' || key === 'final' ? VARS : ['a', 'b'];
    return fc.dictionary(fc.constantFrom(...keys), node(extra, key, deeper), { maxKeys: 2 });
  }
  if (key === 'tasks') {
    const steps = node(DEFINITIONS.steps, 'tasks', deeper);
    return fc.record({ main: steps, worker: steps, helper: steps }, { requiredKeys: ['main'] });
  }
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, v] of Object.entries(props)) model[k] = node(v, k, deeper);
  return fc.record(model, { requiredKeys: required.filter((k) => k in model) });
}

/** A whole document from the schema's root, at a hostile rate (per mille of nodes). */
export function schemaDocument(hostile: number): fc.Arbitrary<unknown> {
  const doc = validNode(SCHEMA, 'root', { hostile, depth: 0 });
  // A lightly spiked document is repaired too, so its hostile values meet a program that
  // otherwise compiles; a heavily spiked one stays as generated.
  return hostile < 100 ? doc.map(repair) : doc;
}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Which tasks a task may start: a tree, so no task starts itself. */
const MAY_START: Record<string, readonly string[]> = { main: ['worker', 'helper'], worker: ['helper'], helper: [] };
const SWEEP_OK: Record<string, (v: unknown) => boolean> = {
  'machine.cores': (v) => v === 1 || v === 2 || v === 4,
  'machine.smt': (v) => v === 1 || v === 2,
  'machine.cache_line': (v) => v === 1 || v === 2 || v === 4,
  'runtime.kind': (v) => ['threads', 'go', 'python', 'processes'].includes(v as string),
  'os.policy': (v) => ['fair', 'round-robin', 'fifo', 'priority', 'mlfq'].includes(v as string),
  'runtime.free_threaded': (v) => typeof v === 'boolean',
};

/**
 * The rules of a scenario that a JSON Schema cannot say (a join names a task this task
 * started, `gomaxprocs` only with Go, sections named by `max_inside` exist, sweep values
 * fit their setting), applied to a clean document so that most of them compile and run.
 */
function repair(d: unknown): unknown {
  if (!isMap(d)) return d;
  const runtime = d.runtime;
  if (isMap(runtime) && runtime.kind !== 'go' && runtime.kind !== undefined) delete runtime.gomaxprocs;
  // The runtimes' costs and latencies (chan_op, m_wake, ...): a random duration there (often
  // seconds) turns most runs into budget overruns; their own tests cover them.
  if (isMap(runtime)) for (const k of Object.keys(runtime)) if (!['kind', 'gomaxprocs', 'switch_interval', 'free_threaded'].includes(k)) delete runtime[k];
  const tasks = isMap(d.tasks) ? d.tasks : {};
  const sections = new Set<string>(['sem']);
  for (const [task, steps] of Object.entries(tasks)) {
    const started = new Set<string>();
    const fixSteps = (list: unknown): unknown => {
      if (!Array.isArray(list)) return list;
      return list.map((step) => {
        if (!isMap(step)) return step;
        const target = (step.go ?? step.spawn) as string | undefined;
        if (target !== undefined) {
          if (!(MAY_START[task] ?? []).includes(target) || !(target in tasks)) return 'yield';
          started.add(target);
        }
        if (typeof step.critical === 'string') sections.add(step.critical);
        for (const k of Object.keys(step)) if (k === 'do' || k.endsWith('.do') || k === 'default') step[k] = fixSteps(step[k]);
        if (Array.isArray(step.select)) for (const c of step.select) if (isMap(c)) for (const k of ['do', 'default']) if (k in c) c[k] = fixSteps(c[k]);
        return step;
      });
    };
    let fixed = fixSteps(steps);
    const dropJoins = (list: unknown): unknown => (!Array.isArray(list) ? list : list.map((step) => {
      if (isMap(step) && typeof step.join === 'string' && !started.has(step.join)) return 'yield';
      if (isMap(step)) for (const k of Object.keys(step)) if (k === 'do' || k.endsWith('.do')) step[k] = dropJoins(step[k]);
      return step;
    }));
    fixed = dropJoins(fixed);
    tasks[task] = fixed;
  }
  if (Array.isArray(d.expect)) {
    const expectations = d.expect.filter((e) => !(isMap(e) && isMap(e.max_inside) && !sections.has(e.max_inside.section as string)));
    d.expect = expectations;
    for (const e of expectations) {
      if (!isMap(e)) continue;
      if (isMap(e.about)) repairAbout(e.about);
      // `when` names settings a sweep could set, with values that fit them.
      if (isMap(e.when)) {
        const when = e.when;
        for (const [path, value] of Object.entries(when)) if (!SWEEP_OK[path]?.(value)) delete when[path];
        if (Object.keys(when).length === 0) delete e.when;
      }
    }
  }
  if (isMap(d.sync)) {
    // A condition variable is bound to a mutex of the file.
    const sync = d.sync;
    const mutex = Object.keys(sync).find((n) => sync[n] === 'mutex');
    for (const [n, decl] of Object.entries(sync)) {
      if (isMap(decl) && 'cond' in decl && (typeof decl.cond !== 'string' || sync[decl.cond] !== 'mutex')) {
        sync[n] = mutex ? { cond: mutex } : 'mutex';
      }
    }
  }
  if (isMap(d.sweep)) {
    for (const [path, values] of Object.entries(d.sweep)) {
      const ok = SWEEP_OK[path];
      const kept = Array.isArray(values) && ok ? values.filter(ok) : [];
      if (kept.length === 0) delete d.sweep[path];
      else d.sweep[path] = kept;
    }
  }
  return d;
}

/** An `about` measures exactly one metric, and `ends` names its task (rules the schema cannot say). */
function repairAbout(about: Json): void {
  const metrics = ['makespan', 'ends', 'mean_turnaround', 'context_switches'].filter((m) => m in about);
  for (const m of metrics.slice(1)) delete about[m];
  if (metrics.length === 0) about.makespan = '1ms';
  if (metrics[0] === 'ends' && typeof about.task !== 'string') about.task = 'main';
  if (metrics[0] !== 'ends') delete about.task;
  const within = typeof about.within === 'string' ? parseFloat(about.within) : NaN;
  if ('within' in about && !(within > 0 && within < 100)) about.within = '5%';
}

/** Mostly clean documents, some lightly and some heavily spiked, in block, flow or JSON style. */
export const schemaScenario: fc.Arbitrary<string> = fc.tuple(
  fc.oneof({ weight: 3, arbitrary: schemaDocument(0) }, { weight: 3, arbitrary: schemaDocument(15) }, { weight: 1, arbitrary: schemaDocument(120) }),
  fc.constantFrom('block', 'flow', 'json'),
).map(([doc, style]) => {
  if (style === 'json') return JSON.stringify(doc, null, 1) ?? 'null';
  return stringify(doc, style === 'flow' ? { collectionStyle: 'flow' } : undefined);
});

// ---- raw mutations of the examples ----

export const EXAMPLE_SCENARIOS: readonly { readonly path: string; readonly text: string }[] = listExamples('.scenario.yaml');
export const EXAMPLE_SIM_TS: readonly { readonly path: string; readonly text: string }[] = listExamples('.sim.ts');

function listExamples(suffix: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith(suffix)) out.push({ path: rel, text: readFileSync(join(ROOT, rel), 'utf8') });
    }
  };
  walk('examples');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** YAML snippets put where a value was. */
const HOSTILE_YAML = [
  '[1, 2]', '{a: 1}', 'true', 'null', '~', '-5', '99999999999999999999999', '1e400', '.inf', '-.inf', '.nan', '0x7fffffff',
  '0o777', '"\\u0000"', "'quoted'", '|', '>-', '*a', '&a x', '!!str 5', '!!int "5"', '!!float x', '!!binary x', '!custom 1',
  '2000000', '2000001', '10000001', '-0', '0.5', '1_000', '"200ms"', '200', '0ns', '99999999999s', '1e-9ms', '[', '{', '}',
  '"', "'", '- ', ': :', '? a', '@x', '`x`', '%', '# comment', '[[[[[[[[[[]]]]]]]]]]', '{a: {b: {c: {d: {}}}}}',
];

export const BILLION_LAUGHS = [
  'lol0: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...Array.from({ length: 8 }, (_, i) => `lol${i + 1}: &${'abcdefghi'[i + 1]} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
].join('\n');

const UNICODE_BITS = ['\ufeff', '\u0000', '\u2028', '\u2029', '\r', '\u0085', '\ud800', '\udc00', '\u202e', '\u200b', '💥', 'é', '\t', '\u000b', '\f'];

export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'deleteLine' | 'duplicateLine' | 'swapKeyValue' | 'tabs' | 'duplicateKey' | 'hugeNumbers'; line: number }
  | { op: 'swapLines'; line: number; other: number }
  | { op: 'replaceValue'; line: number; value: string }
  | { op: 'insertText'; at: number; text: string }
  | { op: 'deepNesting'; line: number; depth: number; flow: boolean }
  | { op: 'aliasBomb'; where: number }
  | { op: 'indent'; line: number; delta: number }
  | { op: 'lineEndings'; style: 'crlf' | 'cr' | 'none' | 'bom' | 'documents' }
  | { op: 'replaceChar'; at: number; char: string };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constantFrom('deleteLine', 'duplicateLine', 'swapKeyValue', 'tabs', 'duplicateKey', 'hugeNumbers') as fc.Arbitrary<'tabs'>, line: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), line: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constant('replaceValue' as const), line: fc.nat(), value: fc.oneof(fc.constantFrom(...HOSTILE_YAML), fc.string({ maxLength: 6 })) }),
  fc.record({ op: fc.constant('insertText' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...UNICODE_BITS), fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 })) }),
  fc.record({ op: fc.constant('deepNesting' as const), line: fc.nat(), depth: fc.integer({ min: 20, max: 3000 }), flow: fc.boolean() }),
  fc.record({ op: fc.constant('aliasBomb' as const), where: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), line: fc.nat(), delta: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('lineEndings' as const), style: fc.constantFrom('crlf', 'cr', 'none', 'bom', 'documents') as fc.Arbitrary<'crlf'> }),
  fc.record({ op: fc.constant('replaceChar' as const), at: fc.nat(), char: fc.constantFrom(...':{}[]-#&*!|>\'"%@`,?\t \n') }),
);

const KEY_LINE = /^(\s*(?:-\s+)?)([^\s:#][^:#]*?):(\s+|$)(.*)$/;

export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const pick = (n: number) => (lines.length === 0 ? 0 : n % lines.length);
  switch (m.op) {
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'deleteLine':
      lines.splice(pick(m.line), 1);
      return lines.join('\n');
    case 'duplicateLine': {
      const i = pick(m.line);
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    case 'swapLines': {
      const i = pick(m.line);
      const j = pick(m.other);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
    case 'swapKeyValue': {
      const i = pick(m.line);
      const k = KEY_LINE.exec(lines[i]);
      if (k && k[4]) lines[i] = `${k[1]}${k[4]}: ${k[2]}`;
      return lines.join('\n');
    }
    case 'replaceValue': {
      const i = pick(m.line);
      const k = KEY_LINE.exec(lines[i]);
      lines[i] = k ? `${k[1]}${k[2]}: ${m.value}` : `${lines[i].match(/^\s*(-\s+)?/)![0]}${m.value}`;
      return lines.join('\n');
    }
    case 'hugeNumbers': {
      const digits = '9'.repeat(1 + (m.line % 25));
      return text.replace(/\b\d+\b/g, (d, off: number) => ((off + m.line) % 3 === 0 ? digits : d));
    }
    case 'insertText': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'deepNesting': {
      const i = pick(m.line);
      const k = KEY_LINE.exec(lines[i]);
      const deep = m.flow ? `${'['.repeat(m.depth)}1${']'.repeat(m.depth)}` : `${'{a: '.repeat(m.depth)}1${'}'.repeat(m.depth)}`;
      if (k) lines[i] = `${k[1]}${k[2]}: ${deep}`;
      else {
        // Block nesting: a step list inside `repeat` bodies, deeper than the limit.
        const indent = lines[i].match(/^\s*/)![0];
        const block: string[] = [];
        for (let d = 0; d < Math.min(m.depth, 200); d++) block.push(`${indent}${'  '.repeat(d)}- repeat: 1`, `${indent}${'  '.repeat(d)}  do:`);
        block.push(`${indent}${'  '.repeat(Math.min(m.depth, 200))}- yield`);
        lines.splice(i, 0, ...block);
      }
      return lines.join('\n');
    }
    case 'aliasBomb': {
      switch (m.where % 4) {
        case 0: return `${BILLION_LAUGHS}\n${text}`;
        case 1: {
          // An anchor on one task's steps and an alias of it in another.
          const withAnchor = text.replace(/^(\s+)(\w+):\s*$/m, '$1$2: &steps');
          return withAnchor.replace(/^(\s+)(\w+):\s*\n(\s+- [^\n]*)$/m, (all, ind: string, k: string) => `${ind}${k}: *steps\n${all}`);
        }
        case 2: return text.replace(/^(\s+)(- )?(\w[\w.]*):\s*(\S.*)$/m, '$1$2$3: *nowhere');
        default: return `${text}\nbase: &base { cores: 2 }\nmachine2:\n  <<: *base\n  *base : 1\n`;
      }
    }
    case 'tabs': {
      const i = pick(m.line);
      if (m.line % 2 === 0) lines[i] = lines[i].replace(/^ +/, (s) => '\t'.repeat(Math.max(1, s.length / 2)));
      else lines[i] = lines[i].replace(/: /, ':\t');
      return lines.join('\n');
    }
    case 'duplicateKey': {
      const i = pick(m.line);
      const k = KEY_LINE.exec(lines[i]);
      if (k) lines.splice(i + 1, 0, `${k[1].replace(/-/, ' ')}${k[2]}: ${k[4] || '1'}`);
      return lines.join('\n');
    }
    case 'indent': {
      const i = pick(m.line);
      lines[i] = m.delta >= 0 ? ' '.repeat(m.delta) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-m.delta}}`), '');
      return lines.join('\n');
    }
    case 'lineEndings':
      switch (m.style) {
        case 'crlf': return text.replace(/\n/g, '\r\n');
        case 'cr': return text.replace(/\n/g, '\r');
        case 'none': return text.replace(/\n+$/, '');
        case 'bom': return `\ufeff${text}`;
        default: return `%YAML 1.2\n---\n${text}\n...\n---\n${text}`;
      }
    case 'replaceChar': {
      const at = m.at % Math.max(1, text.length);
      return text.slice(0, at) + m.char + text.slice(at + 1);
    }
  }
}

/** An example with one to three mutations applied. */
export const mutatedScenario: fc.Arbitrary<{ path: string; text: string; mutations: Mutation[] }> = fc.tuple(
  fc.constantFrom(...EXAMPLE_SCENARIOS), fc.array(mutation, { minLength: 1, maxLength: 3 }),
).map(([ex, mutations]) => ({ path: ex.path, mutations, text: mutations.reduce(applyMutation, ex.text) }));
