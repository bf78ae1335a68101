/**
 * A task's step list → `Step`s, the scenario's own small syntax tree. Each step keeps
 * its exact range; `body.ts` turns the tree into a generator of core `Op`s and
 * `limits.ts` counts what it would do before anything runs.
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { Op, SelectCase, SourceRange, SyncDecl, VarDecl, WorkKind } from '../../core/program';
import type { ScenarioSource } from './source';
import { parseSelect } from './select';
import {
  checkKeys, describe, isNullNode, mapEntries, readBoolean, readBytes, readDuration, readInt, readScalar, readString, seqItems, type Entry,
} from './reader';
import { closest, suggestion } from './suggest';
import {
  KEYED_STEPS, MAX_NESTING, MAX_STEPS, MAX_TASKS, STEP_MODIFIERS, SYNC_METHODS, VAR_METHODS, WORD_STEPS, WORK_KINDS,
  type MethodSpec,
} from './vocabulary';

/** The most loads one `compute` may count (a typo's guard: 10^12 loads at 80 ns is a day). */
const MAX_ACCESSES = 1e12;

export type Step =
  | { readonly kind: 'op'; readonly op: Op }
  | { readonly kind: 'incr'; readonly v: string; readonly at: SourceRange }
  | { readonly kind: 'spawn'; readonly task: string; readonly name: string; readonly count: number; readonly priority?: number; readonly at: SourceRange }
  | { readonly kind: 'join'; readonly task: string; readonly at: SourceRange }
  | { readonly kind: 'repeat'; readonly times: number; readonly body: readonly Step[]; readonly at: SourceRange }
  | { readonly kind: 'critical'; readonly section: string; readonly body: readonly Step[]; readonly at: SourceRange }
  | { readonly kind: 'once'; readonly obj: string; readonly body: readonly Step[]; readonly at: SourceRange }
  | {
      readonly kind: 'select';
      readonly cases: readonly SelectCase[];
      readonly bodies: readonly (readonly Step[])[];
      readonly defaultBody?: readonly Step[];
      readonly at: SourceRange;
    };

/** What the step parser needs to know about the rest of the file. */
export interface StepScope {
  readonly src: ScenarioSource;
  readonly vars: ReadonlyMap<string, VarDecl>;
  readonly objects: ReadonlyMap<string, SyncDecl>;
  readonly taskNames: readonly string[];
  /** Critical section names seen so far (for `max_inside`). */
  readonly sections: Set<string>;
}

/** Per task: the tasks it starts and the joins it makes, to check `join` afterwards. */
export interface TaskContext {
  readonly scope: StepScope;
  readonly starts: Set<string>;
  readonly joins: { task: string; at: SourceRange }[];
}

export function parseTask(scope: StepScope, name: string, node: Node | null, at: SourceRange): Step[] {
  const ctx: TaskContext = { scope, starts: new Set(), joins: [] };
  const steps = isNullNode(node) ? [] : parseSteps(ctx, node, `task \`${name}\``, at, 0);
  for (const j of ctx.joins) {
    if (!ctx.starts.has(j.task)) {
      scope.src.error(j.at, `task \`${name}\` joins \`${j.task}\` but never starts it, so the join would wait for nothing`,
        `add \`- go: ${j.task}\` before the join, or join from the task that starts it`);
    }
  }
  return steps;
}

function parseSteps(ctx: TaskContext, node: Node | null, what: string, at: SourceRange, depth: number): Step[] {
  const src = ctx.scope.src;
  if (depth > MAX_NESTING) {
    src.error(src.range(node, at), `steps are nested more than ${MAX_NESTING} levels deep`, 'flatten the nesting');
    return [];
  }
  if (isNullNode(node)) return [];
  const items = seqItems(src, node, `the steps of ${what}`, at) ?? [];
  const out: Step[] = [];
  for (const item of items) parseStep(ctx, item, out, depth);
  return out;
}

/** Every step word and `object.method` known in this file, for "did you mean". */
function stepWords(scope: StepScope): string[] {
  const words: string[] = [...WORD_STEPS, ...KEYED_STEPS];
  for (const [name] of scope.vars) for (const m of Object.keys(VAR_METHODS)) words.push(`${name}.${m}`);
  for (const [name, d] of scope.objects) for (const m of Object.keys(SYNC_METHODS[d.kind])) words.push(`${name}.${m}`);
  return words;
}

function parseStep(ctx: TaskContext, node: Node, out: Step[], depth: number): void {
  const src = ctx.scope.src;
  const at = src.range(node);
  if (isScalar(node) && typeof node.value === 'string') {
    parseHead(ctx, node.value, null, [], at, at, out, depth);
    return;
  }
  if (isMap(node)) {
    const entries = mapEntries(src, node, 'a step', at) ?? [];
    const head = entries.find((e) => isHeadWord(e.key));
    if (!head) {
      const first = entries[0];
      if (first) unknownStep(ctx.scope, first.key, first.keyAt);
      else src.error(at, 'an empty step', 'write a step such as `compute: 200ms` or `mu.lock`');
      return;
    }
    const others = entries.filter((e) => e !== head);
    parseHead(ctx, head.key, head, others, at, head.at, out, depth);
    return;
  }
  src.error(at, `a step must be a word such as \`mu.lock\` or a map such as \`compute: 200ms\`, got ${describe(node)}`,
    'write one step per `- ` item');
}

function isHeadWord(key: string): boolean {
  return (WORD_STEPS as readonly string[]).includes(key) || (KEYED_STEPS as readonly string[]).includes(key) || key.includes('.');
}

function unknownStep(scope: StepScope, word: string, at: SourceRange): void {
  if (word === 'do' || word === 'count' || word === 'value') {
    scope.src.error(at, `\`${word}\` is not a step on its own`,
      word === 'do' ? '`do` belongs to `repeat`, `critical`, `once.do` or a `select` case, in the same item'
        : `\`${word}\` belongs beside \`go\`, in the same item`);
    return;
  }
  scope.src.error(at, `unknown step \`${word}\``, suggestion(word, stepWords(scope), 'the steps are'));
}

/**
 * One step: `word` is its head (`compute`, `mu.lock`), `head` its entry when written as a
 * map, `others` the remaining keys. `at` is the whole step; `headAt` the head's key and value.
 */
function parseHead(ctx: TaskContext, word: string, head: Entry | null, others: Entry[], at: SourceRange,
  headAt: SourceRange, out: Step[], depth: number): void {
  const { src } = ctx.scope;
  const value = head ? head.value : null;
  const valueAt = head ? head.valueAt : at;
  const allowedOthers = STEP_MODIFIERS[word] ?? [];
  // `- compute: 1ms` and `io: 2ms` in one item is two steps missing a `- `.
  const strays = others.filter((e) => !allowedOthers.includes(e.key) && isHeadWord(e.key));
  for (const e of strays) {
    src.error(e.keyAt, `\`${e.key}\` is a second step in the same item as \`${word}\``, `start it on its own line with \`- ${e.key}\``);
  }
  const extra = checkKeys(src, others.filter((e) => !strays.includes(e)), allowedOthers, `a \`${word}\` step`);
  const get = (key: string): Entry | undefined => extra.find((e) => e.key === key);

  if (!isHeadWord(word)) {
    unknownStep(ctx.scope, word, head ? head.keyAt : at);
    return;
  }
  if ((WORD_STEPS as readonly string[]).includes(word)) {
    if (!isNullNode(value)) src.error(valueAt, `\`${word}\` takes no value`, `write \`- ${word}\` on its own`);
    out.push({ kind: 'op', op: { op: word as 'yield' | 'lock_os_thread' | 'unlock_os_thread', at } });
    return;
  }
  if (word.includes('.')) {
    parseMethod(ctx, word, head, at, headAt, out, depth);
    return;
  }
  if (!head) {
    const example = word === 'offload' ? 'offload: { work: 200ms, bytes: 64MiB }'
      : word === 'compute' || word === 'io' || word === 'syscall' || word === 'sleep' ? `${word}: 200ms`
      : word === 'repeat' ? 'repeat: 10` with `do: [steps]' : word === 'select' ? 'select: [ { recv: ch } ]' : `${word}: NAME`;
    src.error(at, `\`${word}\` needs a value`, `write \`${example}\``);
    return;
  }
  switch (word) {
    case 'compute': {
      if (isMap(value)) {
        let ns: number | undefined;
        let work: WorkKind | undefined;
        let uninterruptible = false;
        let simd = false;
        let count: number | undefined;
        let workingSet: number | undefined;
        const fields = checkKeys(src, mapEntries(src, value, '`compute`', valueAt) ?? [],
          ['time', 'kind', 'uninterruptible', 'simd', 'accesses', 'working_set'], '`compute`');
        for (const f of fields) {
          if (f.key === 'time') ns = readDuration(src, f.value, '`compute.time`', f.keyAt);
          else if (f.key === 'uninterruptible') uninterruptible = readBoolean(src, f.value, '`compute.uninterruptible`', f.keyAt) ?? false;
          else if (f.key === 'simd') simd = readBoolean(src, f.value, '`compute.simd`', f.keyAt) ?? false;
          else if (f.key === 'accesses') count = readInt(src, f.value, '`compute.accesses`', f.keyAt, 0, MAX_ACCESSES);
          else if (f.key === 'working_set') workingSet = readBytes(src, f.value, '`compute.working_set`', f.keyAt);
          else {
            const k = readString(src, f.value, '`compute.kind`', f.keyAt);
            if (k !== undefined && (WORK_KINDS as readonly string[]).includes(k)) work = k as WorkKind;
            else if (k !== undefined) src.error(f.valueAt, `unknown work kind \`${k}\``, suggestion(k, WORK_KINDS, 'use one of'));
          }
        }
        const has = (key: string) => fields.some((f) => f.key === key);
        if (has('accesses') !== has('working_set')) {
          src.error(valueAt, '`accesses` and `working_set` go together', 'write `compute: { accesses: 100000, working_set: 256KiB }`: how many loads, over how much memory');
          return;
        }
        if (!has('time') && !has('accesses')) src.error(valueAt, '`compute` needs a `time`', 'write `compute: { time: 200ms, kind: memory }`');
        // Loads that miss the registers are memory-bound work unless the file says otherwise.
        const accesses = count !== undefined && workingSet !== undefined ? { count, workingSetBytes: workingSet } : undefined;
        if (ns === undefined && !has('time') && accesses) ns = 0;
        if (ns !== undefined) {
          out.push({ kind: 'op', op: {
            op: 'compute', ns, work: work ?? (accesses ? 'memory' : 'cpu'), at,
            ...(uninterruptible ? { uninterruptible } : {}), ...(simd ? { simd } : {}), ...(accesses ? { accesses } : {}),
          } });
        }
        return;
      }
      const ns = readDuration(src, value, '`compute`', valueAt);
      if (ns !== undefined) out.push({ kind: 'op', op: { op: 'compute', ns, work: 'cpu', at } });
      return;
    }
    case 'offload': {
      // accelerator.ts: the work's time on one CPU core, and the bytes copied to the device and back.
      const fields = checkKeys(src, mapEntries(src, value, '`offload`', valueAt) ?? [], ['work', 'bytes'], '`offload`');
      const workEntry = fields.find((f) => f.key === 'work');
      const bytesEntry = fields.find((f) => f.key === 'bytes');
      if (!workEntry || !bytesEntry) {
        src.error(valueAt, '`offload` needs `work` and `bytes`', 'write `offload: { work: 200ms, bytes: 64MiB }`: the work\'s time on one CPU core, and the data copied to the device and back');
        return;
      }
      const ns = readDuration(src, workEntry.value, '`offload.work`', workEntry.keyAt);
      const bytes = readBytes(src, bytesEntry.value, '`offload.bytes`', bytesEntry.keyAt);
      if (ns !== undefined && bytes !== undefined) out.push({ kind: 'op', op: { op: 'syscall', ns, offload: { bytes }, at } });
      return;
    }
    case 'io':
    case 'syscall':
    case 'sleep': {
      const ns = readDuration(src, value, `\`${word}\``, valueAt);
      if (ns !== undefined) out.push({ kind: 'op', op: { op: word, ns, at } });
      return;
    }
    case 'go':
    case 'spawn': {
      const task = readTaskName(ctx, value, valueAt, word);
      const countEntry = get('count');
      const count = countEntry ? readInt(src, countEntry.value, '`count`', countEntry.keyAt, 1, MAX_TASKS) : 1;
      const nameEntry = get('name');
      const name = nameEntry ? readString(src, nameEntry.value, '`name`', nameEntry.keyAt) : task;
      const prioEntry = get('priority');
      const priority = prioEntry ? readInt(src, prioEntry.value, '`priority`', prioEntry.keyAt, -1000, 1000) : undefined;
      if (task === undefined || count === undefined || name === undefined || (prioEntry && priority === undefined)) return;
      ctx.starts.add(task);
      out.push({ kind: 'spawn', task, name, count, ...(priority !== undefined ? { priority } : {}), at });
      return;
    }
    case 'join': {
      const task = readTaskName(ctx, value, valueAt, word);
      if (task === undefined) return;
      ctx.joins.push({ task, at });
      out.push({ kind: 'join', task, at });
      return;
    }
    case 'repeat': {
      const times = readInt(src, value, '`repeat`', valueAt, 0, MAX_STEPS);
      const body = readDo(ctx, get('do'), '`repeat`', at, depth);
      if (times !== undefined && body) out.push({ kind: 'repeat', times, body, at });
      return;
    }
    case 'critical': {
      const section = readString(src, value, 'the name of a critical section', valueAt);
      const body = readDo(ctx, get('do'), '`critical`', at, depth);
      if (section === undefined || !body) return;
      ctx.scope.sections.add(section);
      out.push({ kind: 'critical', section, body, at: headAt });
      return;
    }
    case 'select':
      parseSelect(ctx, value, head, out, depth, parseSteps);
      return;
    case 'print': {
      const r = readScalar(src, value, '`print`', valueAt);
      if (r.ok) out.push({ kind: 'op', op: { op: 'print', text: r.value === null ? '' : String(r.value), at } });
      return;
    }
  }
}

function readDo(ctx: TaskContext, doEntry: Entry | undefined, what: string, at: SourceRange, depth: number): Step[] | undefined {
  if (!doEntry) {
    ctx.scope.src.error(at, `${what} needs \`do:\` with its steps`, `add \`do:\` under ${what}, at the same indentation, with a list of steps`);
    return undefined;
  }
  return parseSteps(ctx, doEntry.value, what, doEntry.keyAt, depth + 1);
}

function readTaskName(ctx: TaskContext, value: Node | null, at: SourceRange, word: string): string | undefined {
  const { src, taskNames } = ctx.scope;
  const task = readString(src, value, `the task of \`${word}\``, at);
  if (task === undefined) return undefined;
  if (!taskNames.includes(task)) {
    src.error(at, `\`${word}\` names \`${task}\`, which is not a task under \`tasks:\``,
      suggestion(task, taskNames, 'the tasks are'));
    return undefined;
  }
  return task;
}

function parseMethod(ctx: TaskContext, word: string, head: Entry | null, at: SourceRange, headAt: SourceRange,
  out: Step[], depth: number): void {
  const { src, vars, objects } = ctx.scope;
  const dot = word.indexOf('.');
  const objName = word.slice(0, dot);
  const method = word.slice(dot + 1);
  const wordAt = head ? head.keyAt : at;
  const v = vars.get(objName);
  const o = objects.get(objName);
  if (!v && !o) {
    const near = closest(word, stepWords(ctx.scope));
    const names = [...vars.keys(), ...objects.keys()];
    src.error(wordAt, `unknown object \`${objName}\` in \`${word}\``,
      near ? `did you mean \`${near}\`?` : names.length
        ? `declared objects are ${names.map((n) => `\`${n}\``).join(', ')}` : `declare \`${objName}\` under \`sync:\` or \`vars:\``);
    return;
  }
  const methods = v ? VAR_METHODS : SYNC_METHODS[o!.kind];
  const kindWord = v ? 'variable' : o!.kind;
  const spec: MethodSpec | undefined = methods[method];
  if (!spec) {
    const list = Object.keys(methods);
    const near = closest(method, list);
    src.error(wordAt, `a ${kindWord} has no method \`${method}\``,
      near ? `did you mean \`${objName}.${near}\`?` : `a ${kindWord} has ${list.map((m) => `\`${objName}.${m}\``).join(', ')}`);
    return;
  }
  const value = head ? head.value : null;
  const valueAt = head ? head.valueAt : at;
  const hasValue = !isNullNode(value);
  if (spec.arg === 'none' && hasValue) {
    src.error(valueAt, `\`${word}\` takes no value`, `write \`- ${word}\` on its own`);
    return;
  }
  if ((spec.arg === 'required' || spec.arg === 'steps') && !hasValue) {
    const example = spec.arg === 'steps' ? `${word}: [steps]` : `${word}: 1`;
    src.error(at, `\`${word}\` needs a value`, `write \`${example}\``);
    return;
  }
  if (v) {
    parseVarMethod(ctx, v, method, value, valueAt, at, out);
    return;
  }
  const obj = o!.id;
  if (method === 'do') {
    const body = parseSteps(ctx, value, `\`${word}\``, valueAt, depth + 1);
    out.push({ kind: 'once', obj, body, at: head ? head.keyAt : at });
    return;
  }
  let arg: unknown;
  if (method === 'add') {
    arg = readInt(src, value, `\`${word}\``, valueAt, -MAX_TASKS, MAX_TASKS);
    if (arg === undefined) return;
  } else if (hasValue) {
    const r = readScalar(src, value, `the value sent by \`${word}\``, valueAt);
    if (!r.ok) return;
    arg = r.value;
  }
  const action = method as Extract<Op, { op: 'sync' }>['action'];
  out.push({ kind: 'op', op: arg === undefined ? { op: 'sync', obj, action, at } : { op: 'sync', obj, action, value: arg, at } });
}

function parseVarMethod(ctx: TaskContext, v: VarDecl, method: string, value: Node | null, valueAt: SourceRange,
  at: SourceRange, out: Step[]): void {
  const { src } = ctx.scope;
  const word = `${v.name}.${method}`;
  const numberArg = (): number | undefined => {
    const r = readScalar(src, value, `\`${word}\``, valueAt);
    if (!r.ok) return undefined;
    if (typeof r.value !== 'number') {
      src.error(valueAt, `\`${word}\` needs a number, got ${describe(value)}`, `write e.g. \`${word}: 1\``);
      return undefined;
    }
    return r.value;
  };
  switch (method) {
    case 'read':
      out.push({ kind: 'op', op: { op: 'read', v: v.id, at } });
      return;
    case 'write': {
      // A bare `x.write` rewrites the initial value: an access for the race detector.
      const r = isNullNode(value) ? { ok: true, value: v.initial } : readScalar(src, value, `the value written by \`${word}\``, valueAt);
      if (r.ok) out.push({ kind: 'op', op: { op: 'write', v: v.id, value: r.value, at } });
      return;
    }
    case 'incr':
      if (typeof v.initial !== 'number') {
        src.error(at, `\`${word}\` adds 1, but \`${v.name}\` starts as ${JSON.stringify(v.initial)}, not a number`,
          `give \`${v.name}\` a numeric initial value under \`vars:\``);
        return;
      }
      out.push({ kind: 'incr', v: v.id, at });
      return;
    case 'atomic_add': {
      const n = numberArg();
      if (n !== undefined) out.push({ kind: 'op', op: { op: 'atomic', v: v.id, action: 'add', value: n, at } });
      return;
    }
    case 'atomic_load':
      out.push({ kind: 'op', op: { op: 'atomic', v: v.id, action: 'load', at } });
      return;
    case 'atomic_store': {
      const r = readScalar(src, value, `the value stored by \`${word}\``, valueAt);
      if (r.ok) out.push({ kind: 'op', op: { op: 'atomic', v: v.id, action: 'store', value: r.value, at } });
      return;
    }
  }
}
