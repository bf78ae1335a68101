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
  if (errors.length > 0) return errors.map(inputErrorView);
  return [...warnings.map(inputErrorView), ...findings.map(findingView)];
}
