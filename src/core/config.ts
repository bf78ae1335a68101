/**
 * Settings: the defaults of models.md, a program's own `config`, then `--set` overrides.
 * Every time is an integer number of nanoseconds.
 */
import type { ConfigInput, SimConfig } from './program';
import { BUILTIN_RUNTIMES, isRuntimeKind, runtimeKinds } from './runtimes/registry';

const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1_000, 'µs': 1_000, ms: 1_000_000, s: 1_000_000_000 };

/**
 * `"20ms"` → 20000000. Units: ns, us (or µs), ms, s. A bare number is an error: durations
 * in scenarios are always written with their unit, so `20` cannot silently mean 20 ns.
 */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') {
    throw new Error(`a duration needs a unit: write ${text}ms, ${text}us, ${text}ns or ${text}s`);
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s)\s*$/.exec(text);
  if (!m) {
    if (/^\s*\d+(\.\d+)?\s*$/.test(text)) {
      throw new Error(`a duration needs a unit: write ${text.trim()}ms, ${text.trim()}us, ${text.trim()}ns or ${text.trim()}s`);
    }
    throw new Error(`"${text}" is not a duration: expected a number with a unit (ns, us, ms, s), e.g. 20ms`);
  }
  return Math.round(Number(m[1]) * UNIT_NS[m[2]]);
}

export const DEFAULT_CONFIG: SimConfig = {
  machine: {
    cores: 4, smt: 1, cacheLineBytes: 64,
    // vector: FP/SIMD siblings share one set of vector units (machine/machine.ts).
    smtFactor: { cpu: 0.55, memory: 0.6, mixed: 0.58, vector: 0.5 },
    // machine/hierarchy.ts: spec/models.md's latencies, Skylake client capacities.
    l1Kib: 32, l2Kib: 256, l3Kib: 8192, l1Cycles: 4, l2Cycles: 12, l3Cycles: 40, dramNs: 80,
    // machine/accelerator.ts: AVX2, and a mid-range GPU on PCIe 3.0 ×16.
    vectorWidth: 8, vectorEfficiency: 60,
    gpuLanes: 2048, gpuLaneSpeed: 10, gpuBandwidth: 12_000, gpuLatencyNs: 20_000,
  },
  os: {
    policy: 'fair',
    quantumNs: 4_000_000,
    contextSwitchNs: 1_500,
    threadCreateNs: 20_000,
    agingNs: 0,
    boostNs: 100_000_000,
  },
  // Each runtime's own settings with their defaults, from its descriptor (runtimes/*/descriptor.ts).
  runtime: {
    kind: 'threads',
    ...Object.fromEntries(BUILTIN_RUNTIMES.flatMap((d) => d.settings.map((s) => [s.field, s.default]))),
  } as SimConfig['runtime'],
};

/** The OS scheduling policies (os/policies.ts), the one list every other list of policies reads. */
export const POLICIES = ['fair', 'round-robin', 'fifo', 'priority', 'mlfq'] as const;

/**
 * The machine's settings beyond cores, SMT and the line size, one row each: the key under
 * `machine:` (and `--set machine.KEY`), the config field, and a range for whole numbers
 * or `ns` for a duration. The scenario reader and its schema read this table too.
 */
export const MACHINE_SETTINGS: readonly {
  readonly key: string; readonly field: keyof SimConfig['machine']; readonly ns?: true;
  readonly min?: number; readonly max?: number; readonly doc: string;
}[] = [
  { key: 'l1_kib', field: 'l1Kib', min: 1, max: 1 << 24, doc: 'Private L1 data cache per core, KiB (default 32).' },
  { key: 'l2_kib', field: 'l2Kib', min: 1, max: 1 << 24, doc: 'Private L2 cache per core, KiB (default 256).' },
  { key: 'l3_kib', field: 'l3Kib', min: 1, max: 1 << 24, doc: 'Shared L3 cache, KiB (default 8192).' },
  { key: 'l1_cycles', field: 'l1Cycles', min: 1, max: 10_000, doc: 'L1 load latency in cycles at 3 GHz (default 4).' },
  { key: 'l2_cycles', field: 'l2Cycles', min: 1, max: 10_000, doc: 'L2 load latency in cycles at 3 GHz (default 12).' },
  { key: 'l3_cycles', field: 'l3Cycles', min: 1, max: 10_000, doc: 'L3 load latency in cycles at 3 GHz (default 40).' },
  { key: 'dram_latency', field: 'dramNs', ns: true, doc: 'A load that misses every cache (default 80ns).' },
  { key: 'vector_width', field: 'vectorWidth', min: 1, max: 64, doc: 'SIMD lanes per core for `simd: true` computes; 1 = scalar only (default 8, AVX2 floats).' },
  { key: 'vector_efficiency', field: 'vectorEfficiency', min: 1, max: 100, doc: 'Percent of the ideal gain a vectorised loop gets (default 60).' },
  { key: 'gpu_lanes', field: 'gpuLanes', min: 1, max: 1_000_000, doc: 'The accelerator\'s lanes for `offload` steps (default 2048).' },
  { key: 'gpu_lane_speed', field: 'gpuLaneSpeed', min: 1, max: 10_000, doc: 'One GPU lane\'s speed, percent of one CPU core\'s scalar speed (default 10).' },
  { key: 'gpu_bandwidth', field: 'gpuBandwidth', min: 1, max: 10_000_000, doc: 'Host↔device copy bandwidth, MB/s (default 12000, PCIe 3.0 ×16).' },
  { key: 'gpu_latency', field: 'gpuLatencyNs', ns: true, doc: 'Fixed cost of one offload: launch and copy set-up (default 20us).' },
];

/** `--set` paths a person writes, mapped to config fields; `ns: true` fields take durations. */
const SET_PATHS: Readonly<Record<string, { section: keyof SimConfig; field: string; ns?: boolean }>> = {
  'machine.cores': { section: 'machine', field: 'cores' },
  'machine.smt': { section: 'machine', field: 'smt' },
  'machine.cache_line': { section: 'machine', field: 'cacheLineBytes' },
  'machine.cacheLineBytes': { section: 'machine', field: 'cacheLineBytes' },
  ...Object.fromEntries(MACHINE_SETTINGS.map((s) => [
    `machine.${s.key}`, { section: 'machine' as const, field: s.field, ...(s.ns ? { ns: true } : {}) },
  ])),
  'os.policy': { section: 'os', field: 'policy' },
  'os.quantum': { section: 'os', field: 'quantumNs', ns: true },
  'os.context_switch': { section: 'os', field: 'contextSwitchNs', ns: true },
  'os.thread_create': { section: 'os', field: 'threadCreateNs', ns: true },
  'os.aging': { section: 'os', field: 'agingNs', ns: true },
  'os.boost': { section: 'os', field: 'boostNs', ns: true },
  'runtime.kind': { section: 'runtime', field: 'kind' },
  ...Object.fromEntries(BUILTIN_RUNTIMES.flatMap((d) => d.settings.map((s) => [
    `runtime.${s.key}`, { section: 'runtime' as const, field: s.field, ...(s.ns ? { ns: true } : {}) },
  ]))),
};

/** The `--set` paths `resolveConfig` understands (for help text and "did you mean"). */
export const SETTABLE_PATHS: readonly string[] = Object.keys(SET_PATHS);

/**
 * The range of each whole-number setting, by `--set` path. Every way a setting arrives (a
 * scenario file, a `.sim.ts` header or `config`, `--set`, a sweep, the editor's default
 * machine) is checked against this one table, and `resolveConfig` checks the result again,
 * so `cores=1000000000` is an input error instead of gigabytes of hardware threads.
 * 1024 Ps is Go's own ceiling (runtime/proc.go: `_MaxGomaxprocs = 1 << 10`).
 */
export const SETTING_RANGES: Readonly<Record<string, { readonly min: number; readonly max: number }>> = {
  'machine.cores': { min: 1, max: 1024 },
  'machine.smt': { min: 1, max: 8 },
  'machine.cache_line': { min: 1, max: 4096 },
  'machine.cacheLineBytes': { min: 1, max: 4096 },
  'runtime.gomaxprocs': { min: 1, max: 1024 },
  ...Object.fromEntries(MACHINE_SETTINGS.flatMap((s) => (s.ns ? [] : [[`machine.${s.key}`, { min: s.min!, max: s.max! }]]))),
};

/**
 * Why `value` is not a valid value of the whole-number setting `path` (a `--set` path), as
 * a predicate such as "must be between 1 and 1024, got 0"; undefined when it is valid or
 * `path` has no range. The caller names the setting as the user wrote it.
 */
export function settingRangeError(path: string, value: number): string | undefined {
  const range = SETTING_RANGES[path];
  if (!range) return undefined;
  if (!Number.isInteger(value)) return `must be a whole number, got ${value}`;
  if (value < range.min || value > range.max) return `must be between ${range.min} and ${range.max}, got ${value}`;
  return undefined;
}

function toNumber(path: string, value: unknown, ns: boolean): number {
  if (ns) {
    if (typeof value === 'number') {
      throw new Error(`--set ${path}: a duration needs a unit: write ${value}ms, ${value}us, ${value}ns or ${value}s`);
    }
    return parseDuration(String(value));
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`--set ${path}: expected a number, got "${String(value)}"`);
  const problem = settingRangeError(path, n);
  if (problem) throw new Error(`--set ${path}: ${problem}`);
  return n;
}

function applySet(cfg: SimConfig, path: string, value: unknown): void {
  const target = SET_PATHS[path];
  if (!target) {
    throw new Error(`--set ${path}: unknown setting; the settable paths are ${SETTABLE_PATHS.join(', ')}`);
  }
  const section = cfg[target.section] as unknown as Record<string, unknown>;
  const current = section[target.field];
  if (typeof current === 'number') section[target.field] = toNumber(path, value, target.ns === true);
  else if (typeof current === 'boolean') section[target.field] = value === true || value === 'true';
  else section[target.field] = String(value);
}

/**
 * True when `config` has every setting of `when` (`--set` paths, values written as a
 * scenario or `--set` writes them: `runtime.gomaxprocs: 1`, `os.quantum: 4ms`).
 */
export function settingsMatch(config: SimConfig, when: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(when).every(([path, value]) => {
    const target = SET_PATHS[path];
    if (!target) return false;
    const probe = structuredClone(config);
    applySet(probe, path, value);
    const field = (c: SimConfig) => (c[target.section] as unknown as Record<string, unknown>)[target.field];
    return field(probe) === field(config);
  });
}

function inRange(path: string, n: number): void {
  const problem = settingRangeError(path, n);
  if (problem) throw new Error(`${path} ${problem}`);
}

function positiveInt(name: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${n}`);
}

/**
 * Fills in every default of models.md, applies the program's `input`, then `set`
 * (paths such as `runtime.gomaxprocs`, `machine.cores`, `os.quantum`; durations as
 * strings with a unit). `gomaxprocs` 0 means cores × smt, as Go's default.
 */
/** Configurations resolved so far, by input and `--set` object: exploration resolves the same pair once per schedule. */
const resolved = new WeakMap<ConfigInput, { plain?: SimConfig; bySet: WeakMap<object, SimConfig> }>();

/**
 * `resolveConfig`, once per (input, set) pair of objects: the result is frozen and shared,
 * so nobody may change it (nobody does; a run reads its configuration).
 */
export function resolveConfigOnce(input: ConfigInput, set?: Readonly<Record<string, unknown>>): SimConfig {
  let entry = resolved.get(input);
  if (!entry) resolved.set(input, (entry = { bySet: new WeakMap() }));
  const hit = set ? entry.bySet.get(set) : entry.plain;
  if (hit) return hit;
  const cfg = resolveConfig(input, set);
  for (const part of [cfg.machine.smtFactor, cfg.machine, cfg.os, cfg.runtime, cfg]) Object.freeze(part);
  if (set) entry.bySet.set(set, cfg);
  else entry.plain = cfg;
  return cfg;
}

export function resolveConfig(input: ConfigInput, set?: Readonly<Record<string, unknown>>): SimConfig {
  const d = DEFAULT_CONFIG;
  const cfg: SimConfig = {
    machine: { ...d.machine, ...input.machine, smtFactor: { ...d.machine.smtFactor, ...input.machine?.smtFactor } },
    os: { ...d.os, ...input.os },
    runtime: { ...d.runtime, ...input.runtime },
  };
  const explicitProcs = input.runtime?.gomaxprocs !== undefined && input.runtime.gomaxprocs > 0;
  if (set) for (const [path, value] of Object.entries(set)) applySet(cfg, path, value);
  inRange('machine.cores', cfg.machine.cores);
  inRange('machine.smt', cfg.machine.smt);
  inRange('machine.cache_line', cfg.machine.cacheLineBytes);
  for (const m of MACHINE_SETTINGS) {
    if (m.ns) positiveInt(`machine.${m.key}`, cfg.machine[m.field] as number, 0);
    else inRange(`machine.${m.key}`, cfg.machine[m.field] as number);
  }
  if (!(POLICIES as readonly string[]).includes(cfg.os.policy)) {
    throw new Error(`os.policy "${cfg.os.policy}" is unknown; use one of ${POLICIES.join(', ')}`);
  }
  if (!isRuntimeKind(cfg.runtime.kind)) {
    throw new Error(`runtime.kind "${cfg.runtime.kind}" is unknown; use one of ${runtimeKinds().join(', ')}`);
  }
  const setProcs = set !== undefined && 'runtime.gomaxprocs' in set;
  // Go's default is the CPU count, capped at _MaxGomaxprocs (runtime/proc.go: procresize).
  if (!explicitProcs && !setProcs) cfg.runtime.gomaxprocs = Math.min(cfg.machine.cores * cfg.machine.smt, SETTING_RANGES['runtime.gomaxprocs'].max);
  inRange('runtime.gomaxprocs', cfg.runtime.gomaxprocs);
  if (cfg.runtime.startMethod !== 'fork' && cfg.runtime.startMethod !== 'spawn') {
    throw new Error(`runtime.start_method "${String(cfg.runtime.startMethod)}" is unknown; use fork or spawn`);
  }
  for (const k of ['quantumNs', 'contextSwitchNs', 'threadCreateNs', 'agingNs', 'boostNs'] as const) {
    positiveInt(`os.${k}`, cfg.os[k], 0);
  }
  return cfg;
}
