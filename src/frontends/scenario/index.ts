/**
 * Scenario files (`*.scenario.yaml`, format v1: scenario-format.md) → the core's `Program`.
 * Pure: takes the text and the file name, does no I/O, never throws, and collects every
 * input error (each with file, line, column and a hint) rather than stopping at the first.
 */
import { isMap, parseDocument, type Node } from 'yaml';
import type { ConfigInput, Program, SourceRange, SyncDecl, VarDecl } from '../../core/program';
import type { InputError } from '../../core/findings';
import { ScenarioSource } from './source';
import { checkKeys, describe, mapEntries, NAME_PATTERN, readInt, readString, type Entry } from './reader';
import { readMachine, readOs, readRuntime, settingHome } from './settings';
import { readSync, readVars } from './declarations';
import { parseTask, type Step } from './steps';
import { compileBodies } from './body';
import { Limits } from './limits';
import { readExpect, readSweep } from './expect';
import { TOP_LEVEL_KEYS } from './vocabulary';
import { closest } from './suggest';

export interface ScenarioResult {
  readonly program?: Program;
  readonly errors: InputError[];
}

export function parseScenario(text: string, file: string): ScenarioResult {
  const src = new ScenarioSource(text, file);
  try {
    const program = read(src);
    return src.errors.length === 0 && program ? { program, errors: [] } : { errors: sorted(src.errors) };
  } catch (err) {
    // A bug here must still come back as an input error with a position, not a crash.
    src.error(src.span(0, 0), `internal error while reading the scenario: ${(err as Error).message}`,
      'please report this file; meanwhile, simplify the line the error names');
    return { errors: sorted(src.errors) };
  }
}

/**
 * `yaml` quotes the whole token it did not expect, which for a misplaced block can be a
 * page of text on one line; the position already says where it starts.
 */
function shortenQuoted(message: string): string {
  const m = /^(.*?: )"(.*)"$/.exec(message);
  if (!m || m[2].length <= 60) return message;
  return `${m[1]}"${m[2].slice(0, 60).replace(/\\[^"]{0,5}$/, '')}…"`;
}

function sorted(errors: InputError[]): InputError[] {
  return [...errors].sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
}

function read(src: ScenarioSource): Program | undefined {
  const doc = parseDocument(src.text, { lineCounter: src.lines, keepSourceTokens: true, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const message = shortenQuoted(e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
      src.error(src.span(e.pos[0], Math.max(e.pos[0] + 1, e.pos[1])), `YAML syntax: ${message}`,
        'check the indentation and the `:` after each key');
    }
    return undefined;
  }
  const root = doc.contents as Node | null;
  const start = src.span(0, 0);
  if (!root || (!isMap(root) && describe(root) === 'nothing')) {
    src.error(start, 'the scenario is empty', 'start with `name: ...` and a `tasks:` map with a `main` task');
    return undefined;
  }
  if (!isMap(root)) {
    src.error(src.range(root), `a scenario is a map of keys such as \`name:\` and \`tasks:\`, got ${describe(root)}`,
      'start with `name: ...` and a `tasks:` map with a `main` task');
    return undefined;
  }
  const top = new Map<string, Entry>();
  const rootEntries = mapEntries(src, root, 'the scenario', start) ?? [];
  for (const e of rootEntries) {
    if ((TOP_LEVEL_KEYS as readonly string[]).includes(e.key)) top.set(e.key, e);
    else {
      // `gomaxprocs:` at the top level belongs under `runtime:`; say so.
      const home = closest(e.key, TOP_LEVEL_KEYS) === undefined ? settingHome(e.key) : undefined;
      if (home) src.error(e.keyAt, `unknown key \`${e.key}\` in the scenario`, `did you mean \`${home.key}\` under \`${home.section}:\`?`);
      else checkKeys(src, [e], TOP_LEVEL_KEYS, 'the scenario');
    }
  }
  const nameEntry = top.get('name');
  const name = nameEntry ? readString(src, nameEntry.value, '`name`', nameEntry.keyAt) : undefined;
  if (!nameEntry) src.error(start, 'a scenario needs a `name`', 'add `name: A short title` as the first line');
  const descEntry = top.get('description');
  const description = descEntry ? readString(src, descEntry.value, '`description`', descEntry.keyAt) : undefined;
  const seedEntry = top.get('seed');
  const seed = seedEntry ? readInt(src, seedEntry.value, '`seed`', seedEntry.keyAt, 0) : undefined;

  const config: ConfigInput = {};
  const section = (key: string): Entry | undefined => top.get(key);
  const m = section('machine');
  if (m) config.machine = readMachine(src, m.value, m.keyAt);
  const o = section('os');
  if (o) config.os = readOs(src, o.value, o.keyAt);
  const r = section('runtime');
  if (r) config.runtime = readRuntime(src, r.value, r.keyAt);

  const taken = new Map<string, string>();
  const varsEntry = top.get('vars');
  const vars: VarDecl[] = varsEntry ? readVars(src, varsEntry.value, varsEntry.keyAt, taken) : [];
  const syncEntry = top.get('sync');
  const objects: SyncDecl[] = syncEntry ? readSync(src, syncEntry.value, syncEntry.keyAt, taken) : [];

  const tasks = readTasks(src, top.get('tasks'), start, vars, objects);
  const expectEntry = top.get('expect');
  const sections = new Set([...tasks.sections, ...objects.filter((d) => d.kind === 'semaphore').map((d) => d.name)]);
  const expects = expectEntry
    ? readExpect(src, expectEntry.value, expectEntry.keyAt, new Map(vars.map((v) => [v.name, v])), sections) : [];
  const sweepEntry = top.get('sweep');
  const sweep = sweepEntry ? readSweep(src, sweepEntry.value, sweepEntry.keyAt) : [];

  if (src.errors.length > 0 || name === undefined || !tasks.mainAt) return undefined;
  const bodies = compileBodies(tasks.steps);
  return {
    file: src.file,
    name,
    ...(description !== undefined ? { description } : {}),
    config,
    ...(seed !== undefined ? { seed } : {}),
    vars,
    objects,
    main: bodies.get('main')!,
    mainAt: tasks.mainAt,
    expects,
    sweep,
    at: nameEntry ? nameEntry.at : start,
  };
}

interface Tasks {
  readonly steps: Map<string, Step[]>;
  readonly sections: Set<string>;
  readonly mainAt?: SourceRange;
}

function readTasks(src: ScenarioSource, entry: Entry | undefined, start: SourceRange, vars: VarDecl[],
  objects: SyncDecl[]): Tasks {
  const steps = new Map<string, Step[]>();
  const sections = new Set<string>();
  if (!entry) {
    src.error(start, 'a scenario needs `tasks:` with a `main` task', 'add `tasks:` with `main:` and a list of steps under it');
    return { steps, sections };
  }
  const entries = mapEntries(src, entry.value, '`tasks`', entry.keyAt) ?? [];
  const named = entries.filter((e) => {
    if (NAME_PATTERN.test(e.key)) return true;
    src.error(e.keyAt, `task name \`${e.key}\` is not a plain name`, 'use letters, digits, `_` and `-`, starting with a letter');
    return false;
  });
  const taskNames = named.map((e) => e.key);
  const main = named.find((e) => e.key === 'main');
  if (!main) {
    src.error(entry.keyAt, 'there is no `main` task: the scenario starts by running `main`',
      taskNames.length ? `rename the entry task to \`main\` (the tasks are ${taskNames.map((t) => `\`${t}\``).join(', ')}), or add \`main:\``
        : 'add `main:` under `tasks:` with a list of steps');
  }
  const scope = {
    src, vars: new Map(vars.map((v) => [v.name, v])), objects: new Map(objects.map((d) => [d.name, d])), taskNames, sections,
  };
  for (const e of named) steps.set(e.key, parseTask(scope, e.key, e.value, e.keyAt));
  if (main) new Limits(src, steps).check('main', main.keyAt);
  return { steps, sections, ...(main ? { mainAt: main.keyAt } : {}) };
}
