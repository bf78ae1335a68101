/**
 * Small helpers every sync object shares: building outcomes, and the error for an
 * action an object does not have (a front-end bug, so it throws rather than reporting a finding).
 */
import type { SourceRange, SyncAction, SyncDecl } from '../program';
import type { Outcome, Wake } from './types';

export function completed(result?: unknown, wake: readonly Wake[] = []): Outcome {
  return { blocked: false, result, wake };
}

export function blocked(wake: readonly Wake[] = []): Outcome {
  return { blocked: true, wake };
}

function where(at: SourceRange | undefined): string {
  return at ? `${at.file}:${at.line}:${at.column}: ` : '';
}

/** Thrown when the engine asks an object for an action its kind does not have. */
export function unsupportedAction(
  decl: SyncDecl,
  action: SyncAction,
  allowed: readonly SyncAction[],
  at?: SourceRange,
): Error {
  return new Error(
    `${where(at ?? decl.at)}'${decl.name}' is a ${decl.kind}, which has no '${action}'. ` +
      `Expected one of: ${allowed.join(', ')}. Check the step that names '${decl.name}'.`,
  );
}

/** Thrown when a declaration cannot make a working object (for example a barrier of 0 parties). */
export function badDeclaration(decl: SyncDecl, problem: string, fix: string): Error {
  return new Error(`${where(decl.at)}'${decl.name}' (${decl.kind}): ${problem}. ${fix}`);
}
