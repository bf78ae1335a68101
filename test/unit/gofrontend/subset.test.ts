/**
 * Outside the subset, a Go file is refused with a positioned error that names the
 * construct, never a crash and never a statement silently skipped.
 */
import { describe, expect, it } from 'vitest';
import { compileSource } from '../../../src/frontends/index';

function errorsOf(body: string, head = ''): { message: string; line: number; column: number }[] {
  const text = `package main\n\n${head}func main() {\n${body}\n}\n`;
  const r = compileSource(text, '/w/p/main.go');
  return r.errors.map((e) => ({ message: e.message, line: e.at.line, column: e.at.column }));
}

describe('the Go subset', () => {
  it('refuses generic type parameters at their position, by name', () => {
    expect(errorsOf('', 'func Map[T any](x T) T { return x }\n\n')).toEqual([
      { message: 'generic type parameters are not supported yet', line: 3, column: 9 },
    ]);
  });

  it.each([
    ['\tgoto end\nend:\n\treturn', '`goto` is not supported yet'],
    ['\tvar x any = 1\n\tswitch y := 2; x.(type) {\n\t}', 'a type switch with an init statement is not supported yet'],
  ])('refuses %j', (body, message) => {
    expect(errorsOf(body).map((e) => e.message)).toContain(message);
  });

  it('refuses embedding a type it does not have, at the field', () => {
    expect(errorsOf('\tvar x struct{ strings.Builder }\n\t_ = x', 'import "strings"\n\nvar _ = strings.Repeat\n\n')).toEqual([
      { message: 'embedding strings.Builder is not supported yet', line: 8, column: 16 },
    ]);
  });

  it('refuses a package outside the subset, and a package member the subset does not have', () => {
    const text = 'package main\n\nimport (\n\t"net/http"\n\t"time"\n)\n\nfunc main() {\n\ttime.Tick(1)\n\t_ = http.Get\n}\n';
    const r = compileSource(text, '/w/main.go');
    expect(r.errors.map((e) => `${e.at.line}:${e.at.column} ${e.message}`)).toEqual([
      '4:2 package "net/http" is not supported yet',
      '9:2 time.Tick is not supported yet',
    ]);
  });

  it('refuses an array whose values, nested arrays and struct fields counted, pass a million, at its type', () => {
    const head = 'type Point struct {\n\tx, y int\n}\n\ntype Grid [1024][1024]Point\n\n';
    expect(errorsOf('\tvar g Grid\n\t_ = g\n\tvar ok [1000][1000]int\n\t_ = ok', head)).toEqual([
      { message: 'an array of 2,097,152 values (its elements\' elements counted) is not supported: at most 1,000,000', line: 7, column: 11 },
    ]);
  });

  it('refuses a file that is not package main or has no func main', () => {
    expect(compileSource('package lib\n\nfunc F() {}\n', '/w/lib.go').errors.map((e) => e.message)).toEqual([
      'package lib: only `package main` runs',
      'no `func main`',
    ]);
  });

  it('reports a syntax error at its position instead of crashing', () => {
    const errors = errorsOf('\tx := (1 +\n\t_ = x');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toMatch(/^syntax error/);
    expect(errors[0].line).toBeGreaterThanOrEqual(4);
  });

  it('takes `x := true` at the end of a line (the grammar\'s missing semicolon there is not an error)', () => {
    expect(errorsOf('\tok := true\n\t_ = ok')).toEqual([]);
  });

  it('refuses a misplaced or malformed //interleave:cost', () => {
    expect(errorsOf('\t//interleave:cost 2 parsecs\n\tfor i := 0; i < 3; i++ {\n\t}').map((e) => e.message)).toEqual([
      '`//interleave:cost 2 parsecs`: expected a duration with a unit',
    ]);
    expect(errorsOf('\t//interleave:cost 2ms\n\tx := 1\n\t_ = x').map((e) => e.message)).toEqual([
      '`//interleave:cost` is not on or above a `for` statement or a blocking os/net call',
    ]);
  });

  it('refuses runtime.GOMAXPROCS with a value it cannot know before the run', () => {
    expect(errorsOf('\tn := 3\n\truntime.GOMAXPROCS(n + 1)', 'import "runtime"\n\n').map((e) => e.message)).toEqual([
      'runtime.GOMAXPROCS with a computed value is not supported yet',
    ]);
  });
});

describe('names', () => {
  it('a name declared nowhere is Go\'s "undefined: x" at its position, before the run', () => {
    expect(errorsOf('\tcount := 0\n\tcuont++\n\t_ = count')).toEqual([{ message: 'undefined: cuont', line: 5, column: 2 }]);
  });

  it('struct literal keys, package names and predeclared types are not undefined', () => {
    expect(errorsOf('\tp := &T{n: int64(1)}\n\tfmt.Println(p.n, len("x"))', 'import "fmt"\n\ntype T struct {\n\tn int64\n}\n\n')).toEqual([]);
  });
});

describe('methods', () => {
  it('a method the interpreter does not have is refused before the run, at the call', () => {
    expect(errorsOf('\tvar wg sync.WaitGroup\n\twg.Go(func() {})\n\twg.Wait()', 'import "sync"\n\n')).toEqual([
      { message: 'the method Go is not supported yet', line: 7, column: 2 },
    ]);
  });
});
