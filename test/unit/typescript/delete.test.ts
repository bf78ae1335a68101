/**
 * `delete o.k` on shared state: the property really goes (the rewrite once deleted the
 * value it had read, `delete (yield* get(...))`, so the property stayed), it is a step
 * that writes o.k, and it races with another task's read of o.k or of o's keys.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { compile, opsOf } from './helpers';

const H = 'import { spawn } from "interleave";\n';

describe('delete on shared state', () => {
  it('removes the property, returns true, and is a write of it', () => {
    const { result, ops } = opsOf(compile(`${H}export default function main() {
  const o: Record<string, number> = { a: 1, b: 2 };
  const t = spawn(() => { const gone = delete o.a; const alsoGone = delete o["b"]; o.c = gone && alsoGone ? 3 : 0; });
  t.join();
  return [Object.keys(o), "a" in o, o.c];
}
`));
    expect(result.error).toBeUndefined();
    expect(result.returned).toEqual([['c'], false, 3]);
    expect(ops.filter((op) => op.op === 'write' && op.at.line === 4).map((op) => (op as { v: string }).v)).toEqual(['o.a', 'o.b', 'o.c']);
  });

  it('races with another task\u2019s read of the property and with a read of the keys', () => {
    for (const read of ['o.a', 'Object.keys(o).length']) {
      const r = explore(compile(`${H}export default function main() {
  const o: Record<string, number> = { a: 1 };
  const t = spawn(() => { delete o.a; });
  const seen = ${read};
  t.join();
  return seen;
}
`), { maxSchedules: 50 });
      expect(r.stats.errors).toEqual([]);
      expect(r.findings.filter((x) => x.kind === 'data-race').length, read).toBeGreaterThan(0);
    }
  });

  it('leaves an unshared object alone: plain delete', () => {
    const { result } = opsOf(compile(`${H}export default function main() {
  const mine: Record<string, number> = { a: 1 };
  delete mine.a;
  return Object.keys(mine);
}
`));
    expect(result.returned).toEqual([]);
  });
});
