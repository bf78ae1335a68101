/**
 * A finding (or an input error) as the editor shows it, without the `vscode` module:
 * 0-based ranges, a severity name, the explanation link's kind and the related places.
 * `diagnostics.ts` turns a `DiagnosticView` into a `vscode.Diagnostic`; keeping this
 * mapping pure lets vitest check it.
 */
import type { Finding, FindingKind, InputError } from '../../core/findings';
import type { SourceRange } from '../../core/program';

/** 0-based, end exclusive: VS Code's `Range`. */
export interface PlainRange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

export type SeverityName = 'error' | 'warning' | 'information';

export interface RelatedView {
  /** The file as the front end named it (the document's fsPath for the document itself). */
  readonly file: string;
  readonly range: PlainRange;
  readonly message: string;
}

export interface DiagnosticView {
  readonly range: PlainRange;
  readonly severity: SeverityName;
  readonly message: string;
  /** The finding kind, or `input` for an input error; it names the explanation page. */
  readonly code: FindingKind | 'input';
  readonly related: readonly RelatedView[];
  /** The schedule that proves a finding (absent for input errors). */
  readonly schedule?: string;
  /** The entry point (a Go test) whose program the schedule belongs to. */
  readonly entry?: string;
}

/**
 * How loud each kind is in the editor. A race is a warning (it may be benign on this
 * hardware, and the reviewer decides); a program that cannot finish or breaks its own
 * contract is an error; starvation is a property of timing, so information.
 */
export const KIND_SEVERITY: Readonly<Record<FindingKind, SeverityName>> = {
  'data-race': 'warning',
  deadlock: 'error',
  leak: 'warning',
  'lock-order': 'warning',
  misuse: 'error',
  assertion: 'error',
  'mutual-exclusion': 'error',
  expectation: 'error',
  starvation: 'information',
  'priority-inversion': 'warning',
  livelock: 'error',
};

/** SourceRange is 1-based with an exclusive end column; an empty range is widened by one character so it shows. */
export function plainRange(at: SourceRange): PlainRange {
  const startLine = Math.max(0, at.line - 1);
  const startCharacter = Math.max(0, at.column - 1);
  let endLine = Math.max(startLine, at.endLine - 1);
  let endCharacter = Math.max(0, at.endColumn - 1);
  if (endLine === startLine && endCharacter < startCharacter) endCharacter = startCharacter;
  if (endLine < startLine) endLine = startLine;
  return { startLine, startCharacter, endLine, endCharacter };
}

export function findingView(finding: Finding): DiagnosticView {
  return {
    range: plainRange(finding.at),
    severity: KIND_SEVERITY[finding.kind] ?? (finding.severity === 'info' ? 'information' : finding.severity),
    message: finding.message,
    code: finding.kind,
    related: finding.related.map((r) => ({ file: r.at.file, range: plainRange(r.at), message: r.message })),
    ...(finding.schedule ? { schedule: finding.schedule } : {}),
  };
}

export function inputErrorView(error: InputError): DiagnosticView {
  return {
    range: plainRange(error.at),
    severity: error.severity ?? 'error',
    message: error.hint ? `${error.message} (${error.hint})` : error.message,
    code: 'input',
    related: [],
  };
}

/**
 * What the editor shows for one check: input errors stay errors and hide findings (a
 * file that does not parse has none); otherwise the warnings (a type error, which lets the
 * file run) and one diagnostic per finding.
 */
export function checkViews(errors: readonly InputError[], findings: readonly Finding[], warnings: readonly InputError[] = []): DiagnosticView[] {
  return documentViews(undefined, errors, findings, warnings);
}

/** One entry point's findings (a Go test's), as `checkViews` gives a check's. */
export interface EntryFindings {
  readonly name: string;
  /** 1-based line of the entry's declaration. */
  readonly line: number;
  readonly findings: readonly Finding[];
}

/**
 * The views of a document's check whose program spans several files (a Go test file with its
 * package): a finding placed in another file of its folder is shown in this document at the
 * test's declaration (or the first line), its message led by where it is and that place kept
 * as related information; each view of a test's finding names the test, so stepping through
 * its schedule runs that test's program.
 */
export function documentViews(document: string | undefined, errors: readonly InputError[], findings: readonly Finding[], warnings: readonly InputError[] = [],
  entries?: readonly EntryFindings[]): DiagnosticView[] {
  if (errors.length > 0) return errors.map((e) => here(document, inputErrorView(e), e.at, 1));
  const out = warnings.map((w) => here(document, inputErrorView(w), w.at, 1));
  const tagged = entries
    ? entries.flatMap((e) => e.findings.map((f) => ({ ...here(document, findingView(f), f.at, e.line), entry: e.name })))
    : findings.map((f) => here(document, findingView(f), f.at, 1));
  return [...out, ...tagged];
}

function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** Another file of the document's folder (a Go package's): a file the document's program spans. */
function sibling(document: string, file: string): boolean {
  return file !== document && file.slice(0, file.length - basename(file).length) === document.slice(0, document.length - basename(document).length)
    && /[\\/]/.test(file);
}

/** A view of something at `at`, moved to line `line` of the document when `at` is in another file. */
function here(document: string | undefined, view: DiagnosticView, at: SourceRange, line: number): DiagnosticView {
  if (document === undefined || !at.file || !sibling(document, at.file)) return view;
  const top = plainRange({ file: document, line, column: 1, endLine: line, endColumn: 1 });
  return {
    ...view,
    range: top,
    message: `${basename(at.file)}:${at.line}: ${view.message}`,
    related: [{ file: at.file, range: plainRange(at), message: 'here' }, ...view.related],
  };
}
