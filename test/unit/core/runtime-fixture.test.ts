/**
 * Adding a runtime is its own folder plus one registry line: the fixture
 * test/fixtures/runtimes/uniprocessor (every task on one kernel thread, round-robin) is
 * registered with one call and then runs scenario and TypeScript programs through the
 * core's simulate, words its own misuse and deadlock, reports its typed state, and is
 * accepted wherever a runtime kind is checked: resolveConfig (also as the panel's what-if
 * override), the scenario parser and its JSON Schema, the TypeScript front end's header,
 * the panel protocol's guards and the editor's Compare suggestions. Unregistered, every one of those refuses it again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig, simulate } from '../../../src/core/index';
import type { Program } from '../../../src/core/program';
import { registerRuntime, runtimeKinds, stateOf } from '../../../src/core/runtimes/registry';
import { COMPARE_SETTINGS } from '../../../src/extension/lens/summaries';
import { compileSource } from '../../../src/frontends/index';
import { scenarioSchema } from '../../../src/frontends/scenario/schema';
import { whatIfOverrides } from '../../../src/service/panel/panelRuns';
import { isPanelMessage } from '../../../src/protocol/panelGuards';
import { Simulation } from '../../../src/core/engine/simulation';
import { uniprocessorRuntime } from '../../fixtures/runtimes/uniprocessor/index';

const scenario = (body: string) => `name: uniprocessor fixture
machine: { cores: 4 }
runtime: { kind: uniprocessor }
${body}`;

const BUSY = scenario(`sync: { mu: mutex }
vars: { counter: 0 }
tasks:
  main:
    - go: busy
      count: 3
    - join: busy
  busy:
    - compute: 10ms
    - mu.lock
    - counter.incr
    - mu.unlock
expect:
  - final: { counter: 3 }
`);

function compiled(text: string, file = 'fixture.scenario.yaml'): Program {
  const c = compileSource(text, file);
  expect(c.errors.map((e) => e.message)).toEqual([]);
  return c.program!;
}

function schemaKinds(): unknown {
  const schema = scenarioSchema() as { properties: { runtime: { properties: { kind: { enum: unknown } } } } };
  return schema.properties.runtime.properties.kind.enum;
}

/** The panel's what-if bar asks for another runtime: the settings its re-run resolves. */
const whatIf = (runtime: string) => () => resolveConfig({}, whatIfOverrides({ runtime: runtime as never }));
/** The message the what-if bar posts for it. */
const whatIfMessage = (runtime: string) => ({ type: 'whatIf', id: 1, settings: { runtime } });

let unregister: (() => void) | undefined;
afterEach(() => {
  unregister?.();
  unregister = undefined;
});

describe('a runtime registered from a fixture', () => {
  it('is refused everywhere before it is registered', () => {
    expect(runtimeKinds()).toEqual(['threads', 'go', 'python', 'processes', 'eventloop', 'asyncio', 'green']);
    expect(() => resolveConfig({ runtime: { kind: 'uniprocessor' as never } }))
      .toThrow('runtime.kind "uniprocessor" is unknown; use one of threads, go, python, processes');
    expect(compileSource(BUSY, 'fixture.scenario.yaml').errors.map((e) => e.message)).toContain('`runtime.kind` `uniprocessor` is unknown');
    expect(schemaKinds()).not.toContain('uniprocessor');
    expect(whatIf('uniprocessor')).toThrow('runtime.kind "uniprocessor" is unknown');
    expect(isPanelMessage(whatIfMessage('uniprocessor'))).toBe(false);
    expect(COMPARE_SETTINGS.find((s) => s.path === 'runtime.kind')?.suggestions).not.toContain('uniprocessor');
    expect(compileSource('// @interleave runtime=uniprocessor\nexport default function main() {}\n', 'fixture.sim.ts').errors.map((e) => e.message))
      .toEqual(['@interleave header: `runtime` "uniprocessor" is unknown; use one of threads, go, python, processes, eventloop, asyncio, green']);
  });

  it('runs a scenario on one kernel thread, whatever the cores, after one registration line', () => {
    unregister = registerRuntime(uniprocessorRuntime);
    const r = simulate(compiled(BUSY), { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    expect(r.findings).toEqual([]);
    expect(r.metrics.threads_created).toBe(1);
    expect(r.metrics.max_running).toBe(1);
    // three 10 ms computes one after another on the one kernel thread, not side by side on 4 cores
    expect(r.makespan_ns).toBeGreaterThanOrEqual(30_000_000);
    expect(r.tasks.map((t) => `${t.id} ${t.kind}`)).toEqual(['T1 thread', 'T2 thread', 'T3 thread', 'T4 thread']);
    // the same program on `threads` uses the 4 cores
    const threads = simulate(compiled(BUSY.replace('kind: uniprocessor', 'kind: threads')), { mode: 'timed' });
    expect(threads.makespan_ns).toBeLessThan(20_000_000);
  });

  it('is in every derived list of kinds, and leaves them when unregistered', () => {
    unregister = registerRuntime(uniprocessorRuntime);
    expect(runtimeKinds()).toEqual(['threads', 'go', 'python', 'processes', 'eventloop', 'asyncio', 'green', 'uniprocessor']);
    expect(resolveConfig({ runtime: { kind: 'uniprocessor' as never } }).runtime.kind).toBe('uniprocessor');
    expect(schemaKinds()).toContain('uniprocessor');
    expect(whatIf('uniprocessor')().runtime.kind).toBe('uniprocessor');
    expect(isPanelMessage(whatIfMessage('uniprocessor'))).toBe(true);
    expect(COMPARE_SETTINGS.find((s) => s.path === 'runtime.kind')?.suggestions).toContain('uniprocessor');
    const ts = compileSource('// @interleave runtime=uniprocessor cores=2\nexport default function main() {}\n', 'fixture.sim.ts');
    expect(ts.errors.map((e) => e.message)).toEqual([]);
    expect(ts.program?.config.runtime?.kind).toBe('uniprocessor');
    unregister();
    unregister = undefined;
    expect(runtimeKinds()).not.toContain('uniprocessor');
    expect(schemaKinds()).not.toContain('uniprocessor');
  });

  it('words misuse and deadlock in its own words', () => {
    unregister = registerRuntime(uniprocessorRuntime);
    const misuse = simulate(compiled(scenario(`sync: { mu: mutex }
tasks:
  main:
    - mu.unlock
`)), { mode: 'timed' });
    expect(misuse.findings.map((f) => f.message)).toEqual(["uniprocessor: unlock of 'mu', which nobody holds (T1)"]);
    const deadlock = simulate(compiled(scenario(`sync: { mu: mutex }
tasks:
  main:
    - mu.lock
    - mu.lock
`)), { mode: 'timed' });
    expect(deadlock.findings.map((f) => f.kind)).toEqual(['deadlock']);
    expect(deadlock.findings[0].message.startsWith('uniprocessor: the run queue is empty and main is blocked.')).toBe(true);
  });

  it('reports its scheduler state typed by its descriptor', () => {
    unregister = registerRuntime(uniprocessorRuntime);
    const sim = new Simulation(compiled(BUSY), { mode: 'timed' });
    sim.runSlice(5);
    const state = stateOf(sim.runtime, uniprocessorRuntime);
    expect(state).toBeDefined();
    expect(state!.running).toMatch(/^T\d$/);
    expect(Array.isArray(state!.runQueue)).toBe(true);
  });
});
