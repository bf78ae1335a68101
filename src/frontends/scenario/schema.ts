/**
 * The JSON Schema (draft-07) of scenario format v1, built from the same vocabulary the
 * parser uses, so hovers and completion in the editor never disagree with the parser.
 * media/scenario.schema.json is this object, written out; a unit test keeps them equal
 * (`UPDATE_SCHEMA=1 npx vitest run test/unit/scenario/schema.test.ts` rewrites it).
 */
import { MACHINE_SETTINGS, SETTING_RANGES } from '../../core/config';
import { BUILTIN_RUNTIMES } from '../../core/runtimes/registry';
import {
  MACHINE_KEYS, OS_KEYS, POLICIES, RUNTIME_KEYS, runtimeKinds, SYNC_METHODS, VAR_METHODS, WORD_STEPS, WORK_KINDS,
} from './vocabulary';

type Schema = Record<string, unknown>;

const DURATION: Schema = {
  type: 'string',
  pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ns|us|µs|ms|s)\\s*$',
  description: 'A duration with its unit: ns, us (or µs), ms or s, e.g. `200ms`. A bare number is an error.',
};

const SIZE: Schema = {
  type: 'string',
  pattern: '^\\s*\\d+(\\.\\d+)?\\s*(B|KiB|MiB|GiB)\\s*$',
  description: 'A size with its unit: B, KiB, MiB or GiB, e.g. `256KiB`.',
};

const SCALAR: Schema = { type: ['number', 'string', 'boolean', 'null'] };

/** `minimum` and `maximum` of a whole-number setting: the core's range (config.ts `SETTING_RANGES`). */
const range = (path: string): Schema => ({ minimum: SETTING_RANGES[path].min, maximum: SETTING_RANGES[path].max });

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });

function allMethods(): string[] {
  const names = new Set<string>(Object.keys(VAR_METHODS));
  for (const methods of Object.values(SYNC_METHODS)) for (const m of Object.keys(methods)) names.add(m);
  return [...names].sort();
}

const WORD_STEP_DOCS: Record<string, string> = {
  yield: 'Give up the processor (Go: `runtime.Gosched`).',
  lock_os_thread: 'Go: wire this goroutine to its M (`runtime.LockOSThread`).',
  unlock_os_thread: 'Go: undo `lock_os_thread`.',
};

function keyed(key: string, value: Schema, description: string, extra: Record<string, Schema> = {}): Schema {
  return {
    type: 'object',
    description,
    required: [key],
    properties: { [key]: { ...value, description }, ...extra },
    additionalProperties: false,
  };
}

const TASK_NAME: Schema = { type: 'string', description: 'A task declared under `tasks:`.' };
const DO: Schema = { ...ref('steps'), description: 'The steps to run.' };
const SPAWN_EXTRA: Record<string, Schema> = {
  count: { type: 'integer', minimum: 1, maximum: 2_000_000, description: 'How many instances to start (default 1).' },
  name: { type: 'string', description: 'The name shown for the new tasks (default: the task name).' },
  priority: { type: 'integer', minimum: -1000, maximum: 1000, description: 'Scheduling priority (the `priority` OS policy).' },
};

export function scenarioSchema(): Schema {
  const methodPattern = `^[A-Za-z_][A-Za-z0-9_]*\\.(${allMethods().join('|')})$`;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://interleave.invalid/schema/scenario-v1.json',
    title: 'Interleave scenario (format v1)',
    description: 'A workload, the machine and runtime it runs on, and what must hold. See scenario-format.md.',
    type: 'object',
    required: ['name', 'tasks'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', description: 'The scenario\'s title, shown in the panel and in reports.' },
      description: { type: 'string', description: 'Markdown shown in the panel.' },
      seed: { type: 'integer', minimum: 0, description: 'Seed of the schedule choices (`--seed` overrides it).' },
      machine: {
        type: 'object', additionalProperties: false, description: 'The hardware. Defaults: 4 cores, no SMT.',
        properties: {
          cores: { type: 'integer', ...range('machine.cores'), description: 'Physical cores (default 4).' },
          smt: { type: 'integer', ...range('machine.smt'), description: 'Hardware threads per core; 1 = no SMT (default 1).' },
          cache_line: { type: 'integer', ...range('machine.cache_line'), description: 'Cache line size in bytes (default 64).' },
          ...Object.fromEntries(MACHINE_SETTINGS.map((m) => [m.key, m.ns
            ? { ...DURATION, description: m.doc }
            : { type: 'integer', ...range(`machine.${m.key}`), description: m.doc }])),
        },
      },
      os: {
        type: 'object', additionalProperties: false, description: 'The OS scheduler.',
        properties: {
          policy: { enum: [...POLICIES], description: 'Scheduling policy (default `fair`, EEVDF-like).' },
          quantum: { ...DURATION, description: 'Time slice for round-robin and mlfq (default 4ms).' },
          context_switch: { ...DURATION, description: 'Cost of a thread-to-thread switch (default 1.5us).' },
          thread_create: { ...DURATION, description: 'Cost of creating a thread (default 20us).' },
          aging: { ...DURATION, description: '`priority` policy: raise a waiting thread\'s priority this often (default: no aging).' },
          boost: { ...DURATION, description: '`mlfq`: period of the priority boost (default 100ms).' },
        },
      },
      runtime: {
        type: 'object', additionalProperties: false, description: 'The language runtime.',
        properties: {
          kind: { enum: [...runtimeKinds()], description: '`threads` (1:1), `go` (G/M/P), `python` (GIL) or `processes` (default `threads`).' },
          gomaxprocs: { type: 'integer', ...range('runtime.gomaxprocs'), description: 'Go only: the number of Ps (default cores × smt).' },
          switch_interval: { ...DURATION, description: 'Python only: the GIL switch interval (default 5ms).' },
          free_threaded: { type: 'boolean', description: 'Python only: the free-threaded build (no GIL).' },
          // The runtimes' costs and latencies (docs/models.md), from their descriptors.
          ...Object.fromEntries(BUILTIN_RUNTIMES.flatMap((d) => d.settings)
            .filter((st) => !['gomaxprocs', 'switch_interval', 'free_threaded'].includes(st.key))
            .map((st) => [st.key, st.ns ? { ...DURATION, description: `${st.doc ?? ''} (default ${st.default}ns).` }
              : st.values ? { enum: [...st.values], description: st.doc ?? '' }
                : { type: typeof st.default === 'boolean' ? 'boolean' : typeof st.default === 'string' ? 'string' : 'integer', description: st.doc ?? '' }])),
        },
      },
      vars: {
        type: 'object', description: 'Shared variables with their initial values.',
        additionalProperties: {
          anyOf: [
            { ...SCALAR, description: 'The initial value.' },
            {
              type: 'object', additionalProperties: false, description: 'A variable on a named cache line (false sharing).',
              properties: { value: { ...SCALAR, description: 'The initial value.' }, line: { type: 'string', description: 'The cache line it shares with other variables.' } },
            },
          ],
        },
      },
      sync: {
        type: 'object', additionalProperties: ref('syncDecl'),
        description: 'Synchronisation objects, each by its name: `mutex`, `rwmutex`, `waitgroup`, `once`, `{ semaphore: N }` (N permits), `{ channel: N }` (capacity N, 0 unbuffered), `{ cond: MUTEX }` or `{ barrier: N }` (N parties). Tasks use them as steps: `mu.lock`, `pool.acquire`, `ch.send`.',
      },
      tasks: {
        type: 'object', required: ['main'], description: 'Task bodies; `main` is the entry point.',
        properties: { main: { ...ref('steps'), description: 'The entry point.' } },
        additionalProperties: ref('steps'),
      },
      expect: { type: 'array', description: 'Properties checked on every explored schedule.', items: ref('expectation') },
      sweep: {
        type: 'object', description: 'What-if: one run per value (the cartesian product of several axes).',
        propertyNames: { enum: [...MACHINE_KEYS.map((k) => `machine.${k}`), ...OS_KEYS.map((k) => `os.${k}`), ...RUNTIME_KEYS.map((k) => `runtime.${k}`)] },
        additionalProperties: { type: 'array', minItems: 1, items: SCALAR },
      },
    },
    definitions: {
      syncDecl: {
        anyOf: [
          { enum: ['mutex', 'rwmutex', 'waitgroup', 'once'], description: 'mutex, readers-writer lock, WaitGroup or run-once.' },
          keyed('semaphore', { type: 'integer', minimum: 0, examples: [2] }, 'A counting semaphore with this many permits.',
            { strict: { type: 'boolean', description: 'Releasing beyond the initial permits is a misuse finding.' } }),
          keyed('channel', { type: 'integer', minimum: 0, examples: [0] }, 'A channel with this capacity (0 = unbuffered).'),
          keyed('cond', { type: 'string', examples: ['mu'] }, 'A condition variable bound to this mutex.'),
          keyed('barrier', { type: 'integer', minimum: 1, examples: [2] }, 'A barrier for this many parties.'),
        ],
      },
      steps: { type: ['array', 'null'], items: ref('step') },
      step: {
        anyOf: [
          ...WORD_STEPS.map((w) => ({ const: w, description: WORD_STEP_DOCS[w] })),
          { type: 'string', pattern: methodPattern, description: 'A method of a variable or sync object, e.g. `mu.lock`, `counter.incr`.' },
          keyed('compute', {
            anyOf: [DURATION, {
              type: 'object', additionalProperties: false, required: ['time'],
              properties: {
                time: DURATION, kind: { enum: [...WORK_KINDS], description: 'How an SMT sibling slows it (default cpu; memory with `accesses`).' },
                uninterruptible: { type: 'boolean', description: 'Nothing interrupts it (a C call holding the GIL: the drop request waits for its end).' },
                simd: { type: 'boolean', description: 'A data-parallel loop: `time` is its scalar time, and the core\'s SIMD lanes (`machine.vector_width`) divide it.' },
                accesses: { type: 'integer', minimum: 0, description: 'Loads that miss the registers, each paying the latency of the cache level `working_set` fits in.' },
                working_set: { ...SIZE, description: 'The memory the loads go over: L1, L2, L3 or RAM by capacity.' },
              },
            }],
          }, 'CPU work, timed at full speed on an idle core.'),
          keyed('offload', {
            type: 'object', additionalProperties: false, required: ['work', 'bytes'],
            properties: {
              work: { ...DURATION, description: 'The work\'s time on one CPU core.' },
              bytes: { ...SIZE, description: 'The data copied to the device and back.' },
            },
          }, 'Run data-parallel work on the accelerator (GPU): the thread blocks for the copies and the kernel.'),
          keyed('io', DURATION, 'Blocking I/O that needs no thread while it waits (Go netpoller; Python drops the GIL).'),
          keyed('syscall', DURATION, 'A blocking system call that holds its OS thread (Go: the P is handed off).'),
          keyed('sleep', DURATION, 'Timer sleep.'),
          keyed('go', TASK_NAME, 'Start goroutines / threads / processes running this task.', SPAWN_EXTRA),
          keyed('spawn', TASK_NAME, 'Alias of `go`.', SPAWN_EXTRA),
          keyed('join', TASK_NAME, 'Wait until every instance of this task started by this task has finished.'),
          keyed('repeat', { type: 'integer', minimum: 0 }, 'Run `do` this many times.', { do: DO }),
          keyed('critical', { type: 'string' }, 'A critical section: two tasks inside at once is a finding.', { do: DO }),
          keyed('select', { type: 'array', items: ref('selectCase') }, 'Go select: runs one ready case, or `default`.'),
          keyed('print', SCALAR, 'A line in the run\'s log.'),
          {
            type: 'object', minProperties: 1, maxProperties: 1,
            description: 'A method with a value: `wg.add: 2`, `ch.send: 5`, `x.write: 1`, `x.atomic_add: 1`, `x.atomic_store: 0`, `once.do: [steps]`.',
            patternProperties: { [methodPattern]: { anyOf: [SCALAR, ref('steps')] } },
            additionalProperties: false,
          },
        ],
      },
      selectCase: {
        anyOf: [
          keyed('recv', { type: 'string' }, 'Receive from this channel.', { do: DO }),
          keyed('send', { type: 'string' }, 'Send to this channel.', { value: { ...SCALAR, description: 'The value sent.' }, do: DO }),
          keyed('default', ref('steps'), 'Runs when no other case is ready.'),
        ],
      },
      expectation: {
        anyOf: [
          keyed('no', { enum: ['data-race', 'deadlock', 'leak'] }, 'No such finding on any explored schedule.'),
          keyed('max_inside', {
            type: 'object', required: ['section', 'value'], additionalProperties: false,
            properties: {
              section: { type: 'string', description: 'A `critical:` section or a semaphore.' },
              value: { type: 'integer', minimum: 0, description: 'The most tasks allowed inside at once.' },
            },
          }, 'Never more than `value` tasks inside a critical section or holding a semaphore.'),
          keyed('final', { type: 'object', additionalProperties: SCALAR }, 'Every explored schedule ends with these values.'),
          keyed('about', {
            type: 'object', additionalProperties: false, minProperties: 1,
            properties: {
              makespan: { ...DURATION, description: 'The run\'s makespan.' },
              ends: { ...DURATION, description: 'When the last task named `task` ends.' },
              mean_turnaround: { ...DURATION, description: 'The mean time from creation to end of the tasks main starts.' },
              context_switches: { type: 'integer', minimum: 0, description: 'Context switches of the run.' },
              task: { type: 'string', description: 'With `ends`: the task\'s name.' },
              within: { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$', description: 'The tolerance (default 10%).' },
            },
          }, 'A figure the description states, checked against the run as written (or the settings `when` names): exactly one metric, within a tolerance.', {
            when: {
              type: 'object', additionalProperties: SCALAR,
              description: 'The settings this figure is written for (`runtime.gomaxprocs: 1`); it is checked on exactly the runs that have them, a sweep\'s points among them.',
            },
          }),
          keyed('finishes_within', DURATION, 'Simulated makespan on the default schedule, for the run as written (or the settings `when` names).', {
            when: {
              type: 'object', additionalProperties: SCALAR,
              description: 'The settings this timing expectation is written for (`runtime.gomaxprocs: 1`); it is checked on exactly the runs that have them, a sweep\'s points among them.',
            },
          }),
        ],
      },
    },
  };
}
