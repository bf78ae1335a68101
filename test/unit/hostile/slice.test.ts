import { describe, expect, it } from 'vitest';
import '../../../src/core';
import { simulate } from '../../../src/core/engine/simulate';
import { compileTypeScript } from '../../../src/frontends/typescript';

function run(text: string, sliceMs = 200) {
  const r = compileTypeScript(text, 'slice.sim.ts', { sliceMs });
  expect(r.errors).toEqual([]);
  return simulate(r.program!, { mode: 'untimed', seed: 1 });
}

describe('a slice of plain JavaScript that never takes a step', () => {
  it('exponential recursion without a loop stops with the slice message at the function', () => {
    const r = run(`import { go } from "interleave";
function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
export default function main() {
  go(() => {});
  return fib(60);
}
`);
    expect(r.stopped).toBe('error');
    expect(r.error).toMatch(/^slice\.sim\.ts:2:10: .*ran for more than 200 ms of wall-clock time without taking a simulated step/);
  });
});

describe('a run whose every slice is short but which never ends its work', () => {
  it('stops at the run limit of JavaScript time, naming where it was', () => {
    const r = compileTypeScript(`import { go, gosched } from "interleave";
export default function main() {
  go(() => {});
  let x = 0;
  for (;;) {
    for (let i = 0; i < 2e6; i++) x = (x + i) % 7;
    gosched();
  }
}
`, 'slice.sim.ts', { sliceMs: 5_000, runMs: 500 });
    expect(r.errors).toEqual([]);
    const res = simulate(r.program!, { mode: 'untimed', seed: 1 });
    expect(res.stopped).toBe('error');
    expect(res.error).toMatch(/^slice\.sim\.ts:7:5: this run spent more than 0\.5 s of wall-clock time in its own JavaScript between simulated steps/);
  });
});
