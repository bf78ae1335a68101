import type { Finding } from '../findings';
import { rangeKey } from '../analysis/raceDetector';
import type { SourceRange } from '../program';

export function raceKey(a: SourceRange, b: SourceRange | undefined): string {
  const x = rangeKey(a);
  const y = b ? rangeKey(b) : '';
  return x < y ? `data-race|${x}|${y}` : `data-race|${y}|${x}`;
}

/** How simple a counterexample is: fewer preemptions first, then fewer steps. */
export interface Simplicity {
  readonly preemptions: number;
  readonly steps: number;
}

export interface BookEntry extends Simplicity {
  finding: Finding;
}

/**
 * Findings deduplicated across schedules. Task labels in messages differ between
 * schedules, so identity is the kind and the source locations, not the wording.
 */
export function findingKey(f: Finding): string {
  const base = `${f.kind}|${rangeKey(f.at)}`;
  // A race is one pair of locations, whichever access came first in the schedule.
  if (f.kind === 'data-race') return raceKey(f.at, f.related.length > 0 ? f.related[0].at : undefined);
  if (f.kind === 'lock-order') return `${base}|${f.related.map((r) => rangeKey(r.at)).sort().join('|')}`;
  // One assertion is one finding, whatever values its message quotes on each schedule.
  if (f.kind === 'assertion') return base;
  if (f.kind === 'misuse') return `${base}|${f.message.replace(/\b[TGP]\d+\b/g, '')}`;
  return base;
}

export function simpler(a: Simplicity, b: Simplicity): boolean {
  return a.preemptions < b.preemptions || (a.preemptions === b.preemptions && a.steps < b.steps);
}

export class FindingBook {
  private readonly entries = new Map<string, BookEntry>();

  /** Keeps the finding; replaces the stored one when this counterexample is simpler. Returns true when new. */
  add(finding: Finding, simplicity: Simplicity): boolean {
    const key = findingKey(finding);
    const old = this.entries.get(key);
    if (!old) {
      this.entries.set(key, { finding, ...simplicity });
      return true;
    }
    if (simpler(simplicity, old)) {
      // Who found it first stays; the simpler schedule may come from minimisation.
      const foundBy = old.finding.foundBy ?? finding.foundBy;
      this.entries.set(key, { finding: foundBy ? { ...finding, foundBy } : finding, ...simplicity });
    } else if (!old.finding.foundBy && finding.foundBy) {
      old.finding = { ...old.finding, foundBy: finding.foundBy };
    }
    return false;
  }

  /** True when `key` is known with a counterexample at least as simple as `s`. */
  hasAsSimple(key: string, s: Simplicity): boolean {
    const old = this.entries.get(key);
    return old !== undefined && !simpler(s, old);
  }

  get(key: string): BookEntry | undefined {
    return this.entries.get(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  all(): BookEntry[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }
}
