/**
 * The run settings of a `.sim.ts` file: a `// @interleave key=value ...` header (the
 * scenario file's settings, flattened) or `export const config = { ... }` in the scenario
 * file's nested shape. Both at once is an error, since one would silently win.
 */
import * as ts from 'typescript';
import { parseDuration, POLICIES, settingRangeError } from '../../../core/config';
import { runtimeKinds } from '../../../core/runtimes/registry';
import type { ConfigInput, RuntimeKind } from '../../../core/program';
import type { InputError } from '../../../core/findings';
import { referenceErrors } from './host';
import type { LocationTable } from './locations';

const HEADER_KEYS = ['runtime', 'gomaxprocs', 'cores', 'smt', 'policy', 'quantum', 'seed', 'context_switch', 'thread_create'] as const;

export interface FileSettings {
  config: ConfigInput;
  seed?: number;
  /** The `export const config` statement, removed from the emitted code. */
  configStatement?: ts.Statement;
}

function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const o of options) {
    let d = 0;
    const n = Math.max(o.length, word.length);
    for (let i = 0; i < n; i++) if (o[i] !== word[i]) d++;
    if (d < bestScore) { bestScore = d; best = o; }
  }
  return bestScore <= Math.max(2, word.length / 2) ? best : undefined;
}

/** Applies one flattened setting (`cores=2`) to `cfg`; returns an error text or null. */
function applySetting(cfg: ConfigInput, out: FileSettings, key: string, value: string | number): string | null {
  const num = (): number => {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n)) throw new Error(`\`${key}\` expects a number, got "${value}"`);
    return n;
  };
  /** A whole-number setting within the core's range for its `--set` path (config.ts `SETTING_RANGES`). */
  const size = (path: string): number => {
    const n = num();
    const problem = settingRangeError(path, n);
    if (problem) throw new Error(`\`${key}\` ${problem}`);
    return n;
  };
  /** A name from the core's own list (the same list resolveConfig checks), refused here with the header's place. */
  const oneOf = <T extends string>(names: readonly T[]): T => {
    const text = String(value);
    if (!(names as readonly string[]).includes(text)) throw new Error(`\`${key}\` "${text}" is unknown; use one of ${names.join(', ')}`);
    return text as T;
  };
  const dur = (): number => (typeof value === 'number' ? parseDuration(value) : parseDuration(value));
  try {
    switch (key) {
      case 'runtime': case 'kind': cfg.runtime = { ...cfg.runtime, kind: oneOf(runtimeKinds() as readonly RuntimeKind[]) }; break;
      case 'gomaxprocs': cfg.runtime = { ...cfg.runtime, gomaxprocs: size('runtime.gomaxprocs') }; break;
      case 'cores': cfg.machine = { ...cfg.machine, cores: size('machine.cores') }; break;
      case 'smt': cfg.machine = { ...cfg.machine, smt: size('machine.smt') }; break;
      case 'policy': cfg.os = { ...cfg.os, policy: oneOf(POLICIES) }; break;
      case 'quantum': cfg.os = { ...cfg.os, quantumNs: dur() }; break;
      case 'context_switch': cfg.os = { ...cfg.os, contextSwitchNs: dur() }; break;
      case 'thread_create': cfg.os = { ...cfg.os, threadCreateNs: dur() }; break;
      case 'seed': out.seed = num(); break;
      default: return `unknown setting \`${key}\``;
    }
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

function parseHeader(source: ts.SourceFile, locs: LocationTable, out: FileSettings, errors: InputError[]): boolean {
  const text = source.getFullText();
  const ranges = ts.getLeadingCommentRanges(text, 0) ?? [];
  for (const r of ranges) {
    const comment = text.slice(r.pos, r.end);
    const at = comment.indexOf('@interleave');
    if (at < 0) continue;
    const body = comment.slice(at + '@interleave'.length).replace(/\*\/$/, '');
    const re = /(\S+?)=(\S+)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(body)) !== null) {
      const key = m[1];
      const err = applySetting(out.config, out, key, m[2]);
      if (err) {
        const start = r.pos + at + '@interleave'.length + m.index;
        const hintWord = closest(key, HEADER_KEYS);
        const known = (HEADER_KEYS as readonly string[]).includes(key);
        const hint = known ? undefined : hintWord ? `did you mean \`${hintWord}\`?` : `the settings are ${HEADER_KEYS.join(', ')}`;
        errors.push({ message: `@interleave header: ${err}`, ...(hint ? { hint } : {}), at: locs.rangeOfSpan(start, start + m[0].length) });
      }
    }
    return true;
  }
  return false;
}

/** Evaluates a literal initializer (numbers, strings, booleans, nested objects). */
function literalValue(node: ts.Expression, errors: InputError[], locs: LocationTable): unknown {
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) return literalValue(node.expression, errors, locs);
  if (ts.isObjectLiteralExpression(node)) {
    const o: Record<string, unknown> = {};
    for (const p of node.properties) {
      if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) o[p.name.text] = literalValue(p.initializer, errors, locs);
      else errors.push({ message: '`config` may hold only `key: literal` entries', hint: 'write the values out, e.g. `runtime: { kind: "go", gomaxprocs: 2 }`', at: locs.rangeOf(p) });
    }
    return o;
  }
  errors.push({ message: '`config` values must be literals', hint: 'write a number, a string such as "4ms", or a nested object', at: locs.rangeOf(node) });
  return undefined;
}

const NESTED: Readonly<Record<string, readonly string[]>> = {
  machine: ['cores', 'smt'],
  os: ['policy', 'quantum', 'context_switch', 'thread_create'],
  runtime: ['kind', 'gomaxprocs'],
};

/**
 * The file's settings, from its header comments or `export const config`. The other
 * header directives, `/// <reference path|types>`, are refused here at their lines
 * (host.ts: the compile reads no other file).
 */
export function readSettings(source: ts.SourceFile, locs: LocationTable, errors: InputError[]): FileSettings {
  errors.push(...referenceErrors(source, locs));
  const out: FileSettings = { config: {} };
  const header = parseHeader(source, locs, out, errors);
  for (const st of source.statements) {
    if (!ts.isVariableStatement(st) || !st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || d.name.text !== 'config' || !d.initializer) continue;
      out.configStatement = st;
      if (header) {
        errors.push({ message: 'settings are given twice: in the `@interleave` header and in `export const config`', hint: 'keep one of them', at: locs.rangeOf(d.name) });
        continue;
      }
      const value = literalValue(d.initializer, errors, locs);
      if (typeof value !== 'object' || value === null) continue;
      for (const [section, inner] of Object.entries(value as Record<string, unknown>)) {
        if (section === 'seed') {
          const err = applySetting(out.config, out, 'seed', inner as number);
          if (err) errors.push({ message: `config.seed: ${err}`, at: locs.rangeOf(d.initializer) });
          continue;
        }
        const keys = NESTED[section];
        if (!keys || typeof inner !== 'object' || inner === null) {
          const hint = closest(section, Object.keys(NESTED));
          errors.push({ message: `config: unknown section \`${section}\``, hint: hint ? `did you mean \`${hint}\`?` : 'the sections are machine, os, runtime, seed', at: locs.rangeOf(d.initializer) });
          continue;
        }
        for (const [key, v] of Object.entries(inner as Record<string, unknown>)) {
          const err = keys.includes(key) ? applySetting(out.config, out, key, v as string | number) : `unknown setting \`${section}.${key}\``;
          if (err) {
            const near = closest(key, keys);
            const hint = keys.includes(key) ? undefined : near ? `did you mean \`${near}\`?` : `${section} takes ${keys.join(', ')}`;
            errors.push({ message: `config: ${err}`, ...(hint ? { hint } : {}), at: locs.rangeOf(d.initializer) });
          }
        }
      }
    }
  }
  return out;
}
