import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/core/index';
import { compileTypeScript } from '../../../src/frontends/typescript/index';

const GENERATOR = `// @interleave runtime=go gomaxprocs=2 cores=2
import { go, Chan } from "interleave";

function gen(n: number) {
  const a = new Chan<number>(2);
  go(() => {
    for (let i = 0; i < n; i++) a.send(i);
    a.close();
  });
  return a;
}

export default function main() {
  let sum = 0;
  for (const v of gen(5).range()) sum += v;
  return sum;
}
`;

describe('for-of over ch.range()', () => {
  it('evaluates the channel expression once, as for-of does: a generator function starts one producer', () => {
    const { program, errors } = compileTypeScript(GENERATOR, 'gen.sim.ts');
    expect(errors).toEqual([]);
    const r = simulate(program!, { mode: 'timed' });
    expect(r.stopped).toBe('finished');
    expect(r.returned).toBe(0 + 1 + 2 + 3 + 4);
    expect(r.tasks).toHaveLength(2); // main and the one producer
  });
});
