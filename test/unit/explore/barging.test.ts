import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { compile } from '../typescript/helpers';

/** One producer, two consumers, a buffer of one, a condition variable: the textbook Mesa-monitor bug when `guard` is `if`. */
const monitor = (runtime: string, guard: 'if' | 'while') => `// @interleave runtime=${runtime} cores=2
import { spawn, Mutex, Cond, assert } from "interleave";
export default function main() {
  const mu = new Mutex();
  const notEmpty = new Cond(mu);
  const notFull = new Cond(mu);
  let items = 0;
  const producer = () => {
    for (let i = 0; i < 2; i++) {
      mu.lock();
      while (items === 1) notFull.wait();
      items = items + 1;
      notEmpty.signal();
      mu.unlock();
    }
  };
  const consumer = () => {
    mu.lock();
    ${guard} (items === 0) notEmpty.wait();
    assert(items > 0, "took from an empty buffer");
    items = items - 1;
    notFull.signal();
    mu.unlock();
  };
  const p = spawn(producer);
  const c1 = spawn(consumer);
  const c2 = spawn(consumer);
  p.join(); c1.join(); c2.join();
}
`;

describe('a signalled waiter competes with newcomers for the mutex (threads, python)', () => {
  for (const runtime of ['threads', 'python', 'go']) {
    it(`${runtime}: \`if\` instead of \`while\` around cond.wait is found, and \`while\` is clean, both complete`, () => {
      const bad = explore(compile(monitor(runtime, 'if')), { maxSchedules: 100_000 });
      expect(bad.complete).toBe(true);
      const failed = bad.findings.filter((f) => f.kind === 'assertion');
      expect(failed).toHaveLength(1);
      expect(failed[0].message).toContain('took from an empty buffer');
      expect(failed[0].at.line).toBe(20);
      const good = explore(compile(monitor(runtime, 'while')), { maxSchedules: 100_000 });
      expect(good.complete).toBe(true);
      expect(good.findings).toEqual([]);
    });
  }
});
