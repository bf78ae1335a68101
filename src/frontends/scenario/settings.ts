/**
 * `machine:`, `os:` and `runtime:` → the core's `ConfigInput`. Keys use the same
 * snake_case words as `--set` paths (`os.quantum`, `runtime.gomaxprocs`), so a setting
 * is spelled one way in a file, on the command line and in a `sweep`.
 */
import type { Node } from 'yaml';
import { MACHINE_SETTINGS, SETTING_RANGES } from '../../core/config';
import { BUILTIN_RUNTIMES } from '../../core/runtimes/registry';
import type { ConfigInput, PolicyKind, RuntimeKind, SourceRange } from '../../core/program';
import type { ScenarioSource } from './source';
import { mapEntries, readBoolean, readDuration, readInt, readString, type Entry } from './reader';
import { closest, suggestion } from './suggest';
import { MACHINE_KEYS, OS_KEYS, POLICIES, RUNTIME_KEYS, runtimeKinds } from './vocabulary';

const SECTIONS: Readonly<Record<string, readonly string[]>> = { machine: MACHINE_KEYS, os: OS_KEYS, runtime: RUNTIME_KEYS };

/** The settings section where a close match of `key` lives, other than `except`. */
export function settingHome(key: string, except?: string): { section: string; key: string } | undefined {
  for (const [section, keys] of Object.entries(SECTIONS)) {
    const match = closest(key, keys);
    if (section !== except && match !== undefined) return { section, key: match };
  }
  return undefined;
}

/**
 * Unknown keys of one settings section, with a hint that also looks in the other
 * sections: `gomaxproc` under `machine:` → "did you mean `gomaxprocs`? It belongs under `runtime:`".
 */
function checkSettingKeys(src: ScenarioSource, entries: readonly Entry[], section: string): Entry[] {
  const own = SECTIONS[section];
  const known: Entry[] = [];
  for (const e of entries) {
    if (own.includes(e.key)) {
      known.push(e);
      continue;
    }
    const near = closest(e.key, own);
    const home = near === undefined ? settingHome(e.key, section) : undefined;
    const hint = near !== undefined ? `did you mean \`${near}\`?`
      : home ? `did you mean \`${home.key}\`? It belongs under \`${home.section}:\``
        : `the keys here are ${own.map((k) => `\`${k}\``).join(', ')}`;
    src.error(e.keyAt, `unknown key \`${e.key}\` in \`${section}\``, hint);
  }
  return known;
}

/** A whole-number setting within the core's range for `path` (config.ts `SETTING_RANGES`). */
function readSize(src: ScenarioSource, e: Entry, path: string, what: string): number | undefined {
  const { min, max } = SETTING_RANGES[path];
  return readInt(src, e.value, what, e.keyAt, min, max);
}

function readEnum<T extends string>(src: ScenarioSource, e: Entry, allowed: readonly T[], what: string): T | undefined {
  const word = readString(src, e.value, what, e.keyAt);
  if (word === undefined) return undefined;
  if ((allowed as readonly string[]).includes(word)) return word as T;
  src.error(e.valueAt, `${what} \`${word}\` is unknown`, suggestion(word, allowed, 'use one of'));
  return undefined;
}

export function readMachine(src: ScenarioSource, node: Node | null, at: SourceRange): ConfigInput['machine'] {
  const out: NonNullable<ConfigInput['machine']> = {};
  const entries = mapEntries(src, node, '`machine`', at);
  for (const e of checkSettingKeys(src, entries ?? [], 'machine')) {
    if (e.key === 'cores') out.cores = readSize(src, e, 'machine.cores', '`machine.cores`');
    else if (e.key === 'smt') out.smt = readSize(src, e, 'machine.smt', '`machine.smt`');
    else if (e.key === 'cache_line') out.cacheLineBytes = readSize(src, e, 'machine.cache_line', '`machine.cache_line` (bytes)');
    else {
      const setting = MACHINE_SETTINGS.find((m) => m.key === e.key);
      if (!setting) continue;
      const what = `\`machine.${e.key}\``;
      (out as Record<string, unknown>)[setting.field] = setting.ns ? readDuration(src, e.value, what, e.keyAt) : readSize(src, e, `machine.${e.key}`, what);
    }
  }
  return stripUndefined(out);
}

export function readOs(src: ScenarioSource, node: Node | null, at: SourceRange): ConfigInput['os'] {
  const out: NonNullable<ConfigInput['os']> = {};
  const entries = mapEntries(src, node, '`os`', at);
  for (const e of checkSettingKeys(src, entries ?? [], 'os')) {
    const what = `\`os.${e.key}\``;
    if (e.key === 'policy') out.policy = readEnum<PolicyKind>(src, e, POLICIES, '`os.policy`');
    else if (e.key === 'quantum') out.quantumNs = readDuration(src, e.value, what, e.keyAt);
    else if (e.key === 'context_switch') out.contextSwitchNs = readDuration(src, e.value, what, e.keyAt);
    else if (e.key === 'thread_create') out.threadCreateNs = readDuration(src, e.value, what, e.keyAt);
    else if (e.key === 'aging') out.agingNs = readDuration(src, e.value, what, e.keyAt);
    else if (e.key === 'boost') out.boostNs = readDuration(src, e.value, what, e.keyAt);
  }
  return stripUndefined(out);
}

export function readRuntime(src: ScenarioSource, node: Node | null, at: SourceRange): ConfigInput['runtime'] {
  const out: NonNullable<ConfigInput['runtime']> = {};
  const entries = mapEntries(src, node, '`runtime`', at);
  let procsAt: SourceRange | undefined;
  for (const e of checkSettingKeys(src, entries ?? [], 'runtime')) {
    if (e.key === 'kind') out.kind = readEnum<RuntimeKind>(src, e, runtimeKinds() as readonly RuntimeKind[], '`runtime.kind`');
    else if (e.key === 'gomaxprocs') {
      out.gomaxprocs = readSize(src, e, 'runtime.gomaxprocs', '`runtime.gomaxprocs`');
      procsAt = e.keyAt;
    } else if (e.key === 'switch_interval') out.switchIntervalNs = readDuration(src, e.value, '`runtime.switch_interval`', e.keyAt);
    else if (e.key === 'free_threaded') out.freeThreaded = readBoolean(src, e.value, '`runtime.free_threaded`', e.keyAt);
    else readRuntimeSetting(src, e, out);
  }
  if (procsAt && out.kind !== undefined && out.kind !== 'go') {
    src.error(procsAt, `\`gomaxprocs\` applies only to the Go runtime, but \`runtime.kind\` is \`${out.kind}\``,
      'set `kind: go`, or remove `gomaxprocs`');
  }
  return stripUndefined(out);
}

/** Any other `runtime.*` setting a runtime's descriptor lists (costs, latencies): read by its default's type. */
function readRuntimeSetting(src: ScenarioSource, e: Entry, out: NonNullable<ConfigInput['runtime']>): void {
  const setting = BUILTIN_RUNTIMES.flatMap((d) => d.settings).find((s) => s.key === e.key);
  if (!setting) return;
  const what = `\`runtime.${e.key}\``;
  const value = setting.ns ? readDuration(src, e.value, what, e.keyAt)
    : typeof setting.default === 'boolean' ? readBoolean(src, e.value, what, e.keyAt)
      : setting.values ? readEnum(src, e, setting.values, what)
        : typeof setting.default === 'string' ? readString(src, e.value, what, e.keyAt)
          : readInt(src, e.value, what, e.keyAt, 0, Number.MAX_SAFE_INTEGER);
  (out as Record<string, unknown>)[setting.field] = value;
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
