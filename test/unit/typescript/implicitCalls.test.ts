/**
 * Issue 18: a user method that JavaScript calls by itself (toString, valueOf, toJSON, a getter
 * JSON.stringify reaches) while a built-in runs, in task code or inside another op's effect
 * (a shared array's join() or sort()), counts its shared accesses: one atomic step of the task
 * that ran it, with an information diagnostic, so a race through it is found.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/core/explore';
import { simulate } from '../../../src/core/engine/simulate';
import { compileTypeScript } from '../../../src/frontends/typescript';

const H = 'import { spawn } from "interleave";\n';

/** The program: `Item` touches `printed` in the method JavaScript calls; one task runs `use`, another resets `printed`. */
function program(method: string, use: string, setup = 'const items = [new Item("a"), new Item("b")];'): string {
  return `${H}let printed = 0;
class Item {
  constructor(readonly name: string) {}
  ${method}
}
export default function main() {
  ${setup}
  const user = spawn(() => { ${use} });
  const resetter = spawn(() => { printed = 0; });
  user.join();
  resetter.join();
}
`;
}

function check(text: string) {
  const c = compileTypeScript(text, 'test.sim.ts');
  expect(c.errors).toEqual([]);
  const r = explore(c.program!, { maxSchedules: 300, minimise: false, timeLimitMs: 60_000 });
  const races = [...new Set(r.findings.filter((f) => f.kind === 'data-race').map((f) => /`([^`]+)`/.exec(f.message)?.[1]))].sort();
  return { races, errors: r.stats.errors, notes: c.warnings.filter((w) => w.severity === 'information').map((w) => w.message) };
}

const TO_STRING = 'toString(): string { printed += 1; return this.name; }';

describe('user methods JavaScript calls by itself count their shared accesses', () => {
  const cases: [string, string, string, string?][] = [
    ['String(item) calls toString', TO_STRING, 'return String(items[0]);'],
    ['a template literal calls toString', TO_STRING, 'return `${items[0]}`;'],
    ["'' + item calls valueOf", 'valueOf(): number { printed += 1; return 1; }', "return '' + items[0];"],
    ['JSON.stringify calls toJSON', 'toJSON(): string { printed += 1; return this.name; }', 'return JSON.stringify(items);'],
    ['JSON.stringify reaches an object literal\'s getter', '', 'return JSON.stringify(card);',
      'const items = [new Item("a")]; const card = { name: "c", get label(): string { printed += 1; return this.name; } };'],
    ['join() on a shared array calls toString inside its step', TO_STRING, 'return shared.join(",");', 'const shared = [new Item("a"), new Item("b")]; spawn(() => shared.length).join(); const items = shared;'],
    ['sort() without a comparator on a shared array compares by toString inside its step', TO_STRING, 'shared.sort(); return shared.length;',
      'const shared = [new Item("b"), new Item("a")]; spawn(() => shared.length).join(); const items = shared;'],
  ];
  for (const [name, method, use, setup] of cases) {
    it(`${name}: the race on printed is found`, () => {
      const { races, errors, notes } = check(program(method, use, setup));
      expect(errors).toEqual([]);
      expect(races).toContain('printed');
      expect(notes.some((n) => n.includes('one atomic step'))).toBe(true);
    }, 90_000);
  }

  it('no race when the reset is ordered after the conversion by the join', () => {
    const text = `${H}let printed = 0;
class Item { constructor(readonly name: string) {} ${TO_STRING} }
export default function main() {
  const shared = [new Item("a"), new Item("b")];
  const user = spawn(() => shared.join(","));
  user.join();
  const resetter = spawn(() => { printed = 0; });
  resetter.join();
  return printed;
}
`;
    const { races, errors } = check(text);
    expect(errors).toEqual([]);
    expect(races).toEqual([]);
  });
});

/**
 * A function assigned where JavaScript itself calls it (`o.toString = ...`) or into a slot of
 * the library's own objects (`Math.random = ...`, `Array.prototype.x = ...`) stays plain: the
 * caller gets its value, never a generator, and what it touches is one atomic step.
 */
describe('functions stored where JavaScript calls them', () => {
  function returned(body: string): unknown {
    const c = compileTypeScript(`${H}export default function main(): unknown {\n${body}\n}\n`, 'stored.sim.ts');
    expect(c.errors).toEqual([]);
    const r = simulate(c.program!, { mode: 'untimed', seed: 1 });
    expect(r.error).toBeUndefined();
    return r.returned;
  }

  it('Math.random replaced by an arrow returns its number', () => {
    expect(returned('(Math as any).random = () => 0.25;\nreturn Math.random() + 1;')).toBe(1.25);
  });

  it('toString assigned to an object is what String() and a template call', () => {
    expect(returned('const o: any = {};\no.toString = () => "hi";\nreturn String(o) + `${o}`;')).toBe('hihi');
  });

  it('a function stored there by name stays plain where it is declared', () => {
    expect(returned('function describe(this: any) { return "named"; }\nconst o: any = {};\no.toString = describe;\nconst r = () => 0.5;\n(Math as any).random = r;\nreturn String(o) + Math.random();')).toBe('named0.5');
  });

  it('a method added to Array.prototype is called by user code and by the library', () => {
    expect(returned('(Array.prototype as any).second = function (this: number[]) { return this[1]; };\nreturn [[1, 2], [3, 4]].map((a: any) => a.second()).join(",");')).toBe('2,4');
  });

  it('a race through a toString assigned to a shared object is found, with the atomic-step note', () => {
    const text = `${H}let printed = 0;
const card: any = { name: "c" };
card.toString = () => { printed += 1; return "card"; };
export default function main() {
  const user = spawn(() => String(card));
  const resetter = spawn(() => { printed = 0; });
  user.join();
  resetter.join();
}
`;
    const { races, errors, notes } = check(text);
    expect(errors).toEqual([]);
    expect(races).toContain('printed');
    expect(notes.some((n) => n.includes('one atomic step'))).toBe(true);
  }, 90_000);
});
