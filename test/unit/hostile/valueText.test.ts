import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { jsonValue, sameValue, valueKey, valueText } from '../../../src/core/valueText';

describe('valueText and jsonValue: user values as text and JSON', () => {
  it('write plain JSON data exactly as JSON.stringify does', () => {
    for (const v of [1, -2.5, 'a "quoted" line\n', true, null, [1, [2, { a: 'x' }]], { a: 1, b: [null, false], 'c d': {} }]) {
      expect(valueText(v)).toBe(JSON.stringify(v));
      expect(JSON.stringify(jsonValue(v))).toBe(JSON.stringify(v));
    }
  });

  it('write cycles as [Circular] and BigInt as 10n, and never throw', () => {
    const o: Record<string, unknown> = { n: 10n };
    o.self = o;
    o.list = [o, 1n];
    expect(valueText(o)).toBe('{"n":10n,"self":[Circular],"list":[[Circular],1n]}');
    expect(jsonValue(o)).toEqual({ n: '10n', self: '[Circular]', list: ['[Circular]', '1n'] });
    expect(JSON.stringify(jsonValue(o))).toBe('{"n":"10n","self":"[Circular]","list":["[Circular]","1n"]}');
    expect(valueText(10n)).toBe('10n');
    // The same object twice without a cycle is not circular.
    const shared = { x: 1 };
    expect(valueText([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  it('call no user code: getters, toJSON and Proxy traps that throw', () => {
    let called = 0;
    const o = { get g() { called++; return 1; }, toJSON() { called++; return 'no'; } };
    expect(valueText(o)).toBe('{"g":[Getter],"toJSON":[Function toJSON]}');
    expect(called).toBe(0);
    const hostile = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
    expect(valueText(hostile)).toBe('[unreadable: trap]');
    expect(jsonValue({ a: hostile })).toBe('[unreadable: trap]');
  });

  it('bound depth, items and size', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(valueText(deep)).toBe('[[[[[[[Array]]]]]]]');
    const big = Array.from({ length: 1000 }, (_, i) => i);
    expect(valueText(big)).toMatch(/,99,…\(900 more\)\]$/);
    expect((jsonValue(Array.from({ length: 20_000 }, () => 1)) as unknown[]).at(-1)).toBe('… 10000 more items');
    expect(valueText('x'.repeat(10_000)).length).toBeLessThan(2_100);
  });

  it('write Maps, Sets, functions, symbols and errors from another realm (the sandbox)', () => {
    const v = runInNewContext('({ m: new Map([["k", 1n]]), s: new Set([1, 2]), f: function work() {}, y: Symbol("t"), e: new TypeError("bad") })');
    expect(valueText(v)).toBe('{"m":Map(1) {"k" => 1n},"s":Set(2) {1, 2},"f":[Function work],"y":Symbol(t),"e":[TypeError: bad]}');
    expect(jsonValue(v)).toEqual({ m: { k: '1n' }, s: [1, 2], f: '[Function work]', y: 'Symbol(t)', e: '[TypeError: bad]' });
  });

  it('compare cyclic values by content', () => {
    const a: Record<string, unknown> = { n: 1n };
    a.self = a;
    const b: Record<string, unknown> = { n: 1n };
    b.self = b;
    expect(sameValue(a, b)).toBe(true);
    expect(valueKey(a)).toBe(valueKey(b));
    expect(sameValue(a, { n: 2n })).toBe(false);
    expect(sameValue(NaN, NaN)).toBe(false);
  });
});
