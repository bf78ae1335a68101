/**
 * `interleave merge PART.json... [--format text|json|sarif]`: joins the parts that N
 * runners of `check --shard K/N --format json` wrote into one result, printed as `check`
 * prints (checkReport.ts), with check's exit status. Findings join by their key
 * (findingBook.ts `findingKey`), each keeping the simplest schedule any part had (fewest
 * preemptions, then fewest steps; the lower shard on a tie); schedules add up; final states
 * join. A file is complete only when every shard 1..N is there and each part is complete.
 * Parts of different contents (their program hashes differ), of different N, of different
 * files, or the same shard twice are refused (exit 2), naming the parts.
 */
import type { Finding, FindingKind, InputError } from '../../core/findings';
import { findingKey } from '../../service/index';
import { HELP_OPTION, one, UsageError } from '../args';
import { EXIT_USAGE, type CliIo } from '../io';
import { printCheck, type BudgetName, type BudgetStop, type FileReport, type TestReport } from './checkReport';
import type { Command } from './command';

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'joins the parts of `check --shard K/N --format json` into one result: findings, complete, SARIF',
  usage: 'interleave merge PART.json... [--format text|json|sarif]',
  details: 'Each of N runners writes its part with `interleave check FILE... --shard K/N --format json > part-K.json`;\n'
    + 'merge joins them: every finding once, with the simplest schedule any part found, the schedules\n'
    + 'summed, the final states joined. A file is complete only when all N parts are there and each is\n'
    + 'complete. Parts made from different file contents, with different N, or the same part twice are\n'
    + 'refused. Exit status as check: 0 no findings, 1 findings, 2 bad input or parts that do not fit.',
  options: [
    { name: '--format', value: true, placeholder: 'text|json|sarif', help: 'output format (default text), as check\'s' },
    HELP_OPTION,
  ],
  run(args, io) {
    const format = one(args, '--format') ?? 'text';
    if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, got "${format}"`);
    if (args.positionals.length === 0) throw new UsageError('merge needs the parts: the files `check --shard K/N --format json` wrote');
    let reports: FileReport[];
    try {
      reports = mergeParts(args.positionals.map((path) => readPart(path, io)));
    } catch (err) {
      if (!(err instanceof PartError)) throw err;
      io.err(`interleave merge: ${err.message}\n`);
      return EXIT_USAGE;
    }
    return printCheck(reports, format, io);
  },
};

/** Parts that cannot be merged: a sentence naming them and what to do. */
class PartError extends Error {}

// What merge reads of a part: cli.md's `check --format json` with `shard` (README, "Past one machine").
interface PartJson {
  readonly files: readonly PartFile[];
}

interface PartFile {
  readonly file: string;
  readonly schedules: number;
  readonly complete: boolean;
  readonly errors: readonly { message: string; file: string; line: number; column: number; hint?: string }[];
  readonly findings: readonly FindingJson[];
  readonly budget?: { name: BudgetName; message: string; file?: string; line?: number; column?: number };
  readonly tests?: readonly { name: string; line: number; skipped: boolean; schedules: number; complete: boolean; findings: readonly FindingJson[]; budget?: PartFile['budget'] }[];
  readonly shard: { index: number; count: number; program: string; depth?: number };
  readonly outcomes?: readonly unknown[];
}

export interface FindingJson {
  readonly kind: FindingKind;
  readonly severity: Finding['severity'];
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly related: readonly { file: string; line: number; column: number; message: string }[];
  readonly schedule?: string;
  readonly foundBy?: Finding['foundBy'];
  readonly cost?: { preemptions: number; steps: number };
}

interface Part {
  readonly path: string;
  readonly index: number;
  readonly count: number;
  readonly files: readonly PartFile[];
}

function readPart(path: string, io: CliIo): Part {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (err) {
    throw new PartError(`cannot read ${path}: ${(err as Error).message}`);
  }
  let json: PartJson;
  try {
    json = JSON.parse(text) as PartJson;
  } catch (err) {
    throw new PartError(`${path} is not JSON (${(err as Error).message}): merge reads what \`check --shard K/N --format json\` prints`);
  }
  const files = Array.isArray(json?.files) ? json.files : undefined;
  const first = files?.[0]?.shard;
  if (!files || files.length === 0 || !first || files.some((f) => f.shard?.index !== first.index || f.shard?.count !== first.count || typeof f.shard.program !== 'string')) {
    throw new PartError(`${path} is not a part of a sharded check (its files carry no \`shard\`): write each part with \`interleave check FILE... --shard K/N --format json\``);
  }
  return { path, index: first.index, count: first.count, files };
}

/** One report per file, from parts that fit together (else a PartError naming the two that do not). */
export function mergeParts(parts: readonly Part[]): FileReport[] {
  const [head] = parts;
  for (const p of parts) {
    if (p.count !== head.count) throw new PartError(`${head.path} is part ${head.index} of ${head.count} but ${p.path} is part ${p.index} of ${p.count}: merge the parts of one sharded check`);
    const twin = parts.find((q) => q !== p && q.index === p.index);
    if (twin) throw new PartError(`${twin.path} and ${p.path} are both part ${p.index} of ${p.count}: give merge each part once`);
    const names = (q: Part) => q.files.map((f) => f.file).join(', ');
    if (names(p) !== names(head)) throw new PartError(`${head.path} checked ${names(head)} but ${p.path} checked ${names(p)}: every shard must check the same files`);
    p.files.forEach((f, i) => {
      const want = head.files[i].shard.program;
      if (f.shard.program !== want) {
        throw new PartError(`${head.path} and ${p.path} were made from different contents of ${f.file} (program sha256 ${want.slice(0, 12)}… and ${f.shard.program.slice(0, 12)}…): run every shard on the same commit, with the same -run`);
      }
    });
  }
  const sorted = [...parts].sort((a, b) => a.index - b.index);
  const merged = sorted.map((p) => p.index);
  const missing = [...Array(head.count).keys()].map((k) => k + 1).filter((k) => !merged.includes(k));
  return head.files.map((_, i) => mergeFile(sorted.map((p) => p.files[i]), { count: head.count, merged, missing }));
}

function mergeFile(files: readonly PartFile[], shards: FileReport['shards'] & object): FileReport {
  const [first] = files;
  const book = new MergedFindings();
  for (const f of files) for (const j of f.findings) book.add(j);
  const runErrors = new Set<string>();
  // A file that did not load has no search (no dpor depth): its errors are input errors, the same in every part.
  const loadFailed = first.shard.depth === undefined && first.tests === undefined && first.schedules === 0 && first.errors.length > 0;
  const errors: InputError[] = loadFailed ? first.errors.map((e) => ({ message: e.message, ...(e.hint ? { hint: e.hint } : {}), at: range(e) })) : [];
  if (!loadFailed) for (const f of files) for (const e of f.errors) runErrors.add(e.message);
  if (shards.missing.length > 0) {
    runErrors.add(`${shards.missing.length === 1 ? 'part' : 'parts'} ${shards.missing.join(', ')} of ${shards.count} missing: the schedules of ${shards.missing.length === 1 ? 'that shard' : 'those shards'} were not merged`);
  }
  const stopped = files.find((f) => f.budget);
  const outcomes = new Set<string>();
  for (const f of files) for (const o of f.outcomes ?? []) outcomes.add(JSON.stringify(o));
  const tests = first.tests ? mergeTests(files, shards.missing.length === 0) : undefined;
  return {
    file: first.file,
    schedules: files.reduce((n, f) => n + f.schedules, 0),
    complete: shards.missing.length === 0 && files.every((f) => f.complete),
    errors,
    runErrors: [...runErrors],
    findings: book.findings(),
    ...(stopped?.budget ? { stop: budgetStop(stopped.budget) } : {}),
    ...(tests ? { tests } : {}),
    ...(files.some((f) => f.outcomes) ? { outcomes: [...outcomes].sort() } : {}),
    costs: book.costs(),
    shards,
  };
}

/** A Go package's tests, by name: each test's parts joined as a file's are. */
function mergeTests(files: readonly PartFile[], allParts: boolean): TestReport[] {
  return files[0].tests!.map((t) => {
    const parts = files.map((f) => f.tests?.find((x) => x.name === t.name)).filter((x) => x !== undefined);
    const book = new MergedFindings();
    for (const p of parts) for (const j of p.findings) book.add(j);
    const stopped = parts.find((p) => p.budget);
    return {
      name: t.name, line: t.line, schedules: parts.reduce((n, p) => n + p.schedules, 0), complete: allParts && parts.every((p) => p.complete),
      findings: book.findings(), runErrors: [], elapsedMs: 0, otherSchedules: 0, skipped: parts.every((p) => p.skipped), output: [],
      ...(stopped?.budget ? { stop: budgetStop(stopped.budget) } : {}),
    };
  });
}

/** Findings by key, each with the simplest schedule: fewest preemptions, then fewest steps, then the lower shard. */
class MergedFindings {
  private readonly byKey = new Map<string, { finding: Finding; cost?: { preemptions: number; steps: number } }>();

  add(j: FindingJson): void {
    const finding = findingOf(j);
    const key = findingKey(finding);
    const had = this.byKey.get(key);
    if (!had || (j.cost && (!had.cost || j.cost.preemptions < had.cost.preemptions || (j.cost.preemptions === had.cost.preemptions && j.cost.steps < had.cost.steps)))) {
      this.byKey.set(key, { finding, ...(j.cost ? { cost: j.cost } : {}) });
    }
  }

  findings(): Finding[] {
    return [...this.byKey.values()].map((e) => e.finding);
  }

  costs(): Record<string, { preemptions: number; steps: number }> {
    return Object.fromEntries([...this.byKey].flatMap(([k, e]) => (e.cost ? [[k, e.cost]] : [])));
  }
}

/** A finding back from cli.md's JSON (a related location's end is not in it: its start stands for it). */
export function findingOf(j: FindingJson): Finding {
  return {
    kind: j.kind,
    severity: j.severity,
    message: j.message,
    at: range(j),
    related: j.related.map((r) => ({ at: range(r), message: r.message })),
    ...(j.schedule !== undefined ? { schedule: j.schedule } : {}),
    ...(j.foundBy ? { foundBy: j.foundBy } : {}),
  };
}

function range(p: { file: string; line: number; column: number; endLine?: number; endColumn?: number }) {
  return { file: p.file, line: p.line, column: p.column, endLine: p.endLine ?? p.line, endColumn: p.endColumn ?? p.column };
}

function budgetStop(b: NonNullable<PartFile['budget']>): BudgetStop {
  return {
    budget: b.name,
    message: b.message,
    ...(b.file !== undefined && b.line !== undefined && b.column !== undefined ? { at: { file: b.file, line: b.line, column: b.column } } : {}),
  };
}
