/**
 * The Go subset, checked before anything runs: every construct outside it is a positioned
 * `InputError` that names it ("generic type parameters are not supported yet"), so a file
 * never runs with a statement silently skipped. Also reads the `//interleave:cost`
 * directives and the GOMAXPROCS the program fixes.
 */
import type { InputError } from '../../core/findings';
import type { ConfigInput, SourceRange } from '../../core/program';
import { costDirective } from './costs';
import type { GoModel } from './model';
import { BUILTINS, PACKAGE_MEMBERS } from './stdlib';
import { type GoNode, sig, textOf, walk } from './syntax';
import { testFunctions, testSignatureProblem } from './testing';
import { CONTEXT_METHODS } from './context';
import { BLOCKING_CALLS, SYSIO_METHODS } from './sysio';

const HINT = 'Interleave runs a subset of Go: see "Go source" in its README';

/** Import paths the subset knows, and the name each is used by. */
const PACKAGES: Record<string, string> = {
  fmt: 'fmt', sync: 'sync', 'sync/atomic': 'atomic', time: 'time', runtime: 'runtime', errors: 'errors', strconv: 'strconv', strings: 'strings', testing: 'testing', context: 'context',
  os: 'os', net: 'net', io: 'io',
};

/** Predeclared identifiers (spec: Predeclared identifiers) that are not builtin functions. */
const PREDECLARED = ['iota', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune',
  'float32', 'float64', 'string', 'bool', 'error', 'any', '_', 'nil', 'true', 'false'];

/** Methods of library values the interpreter runs (stdlib.ts: syncMethod, atomicMethod, durationMethod). */
const LIBRARY_METHODS = ['Lock', 'Unlock', 'TryLock', 'RLock', 'RUnlock', 'Add', 'Done', 'Wait', 'Do', 'Signal', 'Broadcast',
  'Load', 'Store', 'Swap', 'CompareAndSwap', 'Round', 'Truncate', 'Seconds', 'Milliseconds', 'Microseconds', 'Nanoseconds', 'String', 'Stop', 'Error', 'Sub', 'Before', 'After', 'Equal', 'UnixNano', ...CONTEXT_METHODS,
  ...SYSIO_METHODS];

/** *testing.T's methods the subset has (testing.ts: testingMethod). */
const TESTING_METHODS = ['Error', 'Errorf', 'Fatal', 'Fatalf', 'Fail', 'FailNow', 'Log', 'Logf', 'Skip', 'Skipf', 'SkipNow', 'Helper',
  'Name', 'Failed', 'Skipped', 'Cleanup', 'Parallel', 'Run'];

/** Node types outside the subset, and how to name them. */
const UNSUPPORTED: Record<string, string> = {
  TypeParams: 'generic type parameters are not supported yet',
  ParameterizedType: 'generic types are not supported yet',
  ParameterizedExpr: 'generic function instantiation is not supported yet',
  UnderlyingType: 'type constraints are not supported yet',
};

/**
 * `tests`: the package is checked as `go test` builds it (its _test.go files included): any
 * package name (one per package, `x_test` beside `x`), no `func main` needed.
 */
export function checkSubset(m: GoModel, text: string, comments: readonly { from: number; text: string }[], tests = false): { errors: InputError[]; config: ConfigInput } {
  const errors: InputError[] = [];
  const err = (at: SourceRange, message: string, hint = HINT): void => {
    errors.push({ message, hint, at });
  };
  const pkgNames = new Set<string>();
  const packageNames = new Set<string>();
  let gomaxprocs: number | undefined;

  walk(m.root, (n, parent) => {
    const at = m.at(n);
    if (n.t === '⚠') {
      const near = textOf(n, text).trim().split(/\s+/)[0];
      err(at, near ? `syntax error near \`${near}\`` : 'syntax error', 'the file must be valid Go; `go vet` shows the same problem');
      return false;
    }
    const unsupported = UNSUPPORTED[n.t];
    if (unsupported) {
      err(at, unsupported);
      return false;
    }
    switch (n.t) {
      case 'PackageClause': {
        const name = n.k.find((c) => c.t === 'DefName')?.s;
        if (!tests) {
          if (name !== 'main') err(at, `package ${name ?? '?'}: only \`package main\` runs`, 'give a file of package main with a func main, or a _test.go file');
        } else {
          const base = (name ?? '').replace(/_test$/, '');
          packageNames.add(base);
          if (packageNames.size > 1) err(at, `package ${name ?? '?'}: found packages ${[...packageNames].join(' and ')} in one folder`, 'one folder is one package (and its _test package)');
        }
        break;
      }
      case 'ImportSpec': {
        const path = JSON.parse(n.k.find((c) => c.t === 'String')?.s ?? '""') as string;
        if (!(path in PACKAGES)) err(at, `package "${path}" is not supported yet`, `the subset imports ${Object.keys(PACKAGES).join(', ')}`);
        else if (n.k.some((c) => c.t === 'DefName' || c.t === '.')) err(at, 'renamed imports are not supported yet');
        else pkgNames.add(PACKAGES[path]);
        return false;
      }
      case 'GotoStatement':
        if (n.k[0].t === 'goto') err(at, '`goto` is not supported yet', 'write the jump as a loop with `break`/`continue` (labels work)');
        break;
      case 'MethodDecl': {
        let recvType = '';
        walk(sig(n)[0], (c) => {
          if (c.t === 'TypeName') recvType = c.s;
        });
        if (!m.structs.has(recvType) && !m.aliases.has(recvType)) err(at, `methods on ${recvType || 'this type'} are not supported yet: only methods on types the file declares`);
        break;
      }
      case 'TypeSwitchStatement':
        if (n.k.some((c) => c.t === ';')) err(at, 'a type switch with an init statement is not supported yet', 'put the statement before the switch');
        break;
      case 'FieldDecl': {
        const embedded = sig(n).find((c) => c.t !== 'FieldName' && c.t !== 'String');
        if (!n.k.some((c) => c.t === 'FieldName') && embedded?.t === 'QualifiedType' && !['Mutex', 'RWMutex', 'WaitGroup', 'Once'].includes(embedded.k.find((c) => c.t === 'TypeName')?.s ?? '')) {
          err(at, `embedding ${textOf(embedded, text)} is not supported yet`, 'embed a type of the file, or sync.Mutex, RWMutex, WaitGroup or Once');
          return false;
        }
        break;
      }
      case 'ArrayType': {
        // The interpreter keeps a variable per element: nested arrays and arrays of structs count every value.
        const values = valuesOf(n, m);
        if (values > MAX_ARRAY_VALUES) {
          err(at, sig(n)[0]?.t === 'Number' && Number(sig(n)[0].s) > MAX_ARRAY_VALUES ? 'arrays of more than 1,000,000 elements are not supported'
            : `an array of ${values.toLocaleString('en')} values (its elements' elements counted) is not supported: at most 1,000,000`);
          return false;
        }
        break;
      }
      case 'ChannelType':
        if (parent?.t !== 'Arguments') break; // only make(chan T) creates one; parameter types are fine
        break;
      case 'VariableName':
        if (n.s === 'goto') err(at, '`goto` is not supported yet');
        break;
      case 'CallExpr': {
        const head = n.k[0];
        if (head.t === 'SelectorExpr' && head.k[0].t === 'VariableName' && pkgNames.has(head.k[0].s)) {
          const pkg = head.k[0].s;
          const member = head.k.find((c) => c.t === 'FieldName')?.s ?? '';
          if (!(PACKAGE_MEMBERS[pkg] ?? []).includes(member)) err(m.at(head), `${pkg}.${member} is not supported yet`, `the subset has ${pkg}.${(PACKAGE_MEMBERS[pkg] ?? []).join(`, ${pkg}.`)}`);
          if (pkg === 'runtime' && member === 'GOMAXPROCS') {
            const arg = sig(n.k.find((c) => c.t === 'Arguments')!)[0];
            const fixed = gomaxprocsOf(arg, text, m);
            if (fixed === 'bad') err(m.at(n), 'runtime.GOMAXPROCS with a computed value is not supported yet', 'give a constant, or runtime.NumCPU()');
            else if (typeof fixed === 'number' && fixed > 0) {
              if (gomaxprocs !== undefined && gomaxprocs !== fixed) err(m.at(n), `runtime.GOMAXPROCS(${fixed}) after GOMAXPROCS(${gomaxprocs}): a run has one GOMAXPROCS`, 'call it once, at the start of main');
              gomaxprocs = fixed;
            }
          }
        }
        if (head.t === 'VariableName' && (head.s === 'complex' || head.s === 'real' || head.s === 'imag' || head.s === 'clear')) {
          err(m.at(head), `\`${head.s}\` is not supported yet`);
        }
        break;
      }
      case 'SelectorExpr': {
        const base = n.k[0];
        if (base.t === 'VariableName' && pkgNames.has(base.s) && parent?.t !== 'CallExpr') {
          const member = n.k.find((c) => c.t === 'FieldName')?.s ?? '';
          if (!(PACKAGE_MEMBERS[base.s] ?? []).includes(member)) err(at, `${base.s}.${member} is not supported yet`);
        }
        break;
      }
      case 'TypedLiteral':
        if (n.k[0]?.t === 'QualifiedType' && !(/^sync\.(Mutex|RWMutex|WaitGroup|Once)$/.test(textOf(n.k[0], text)) && !sig(n.k.find((c) => c.t === 'LiteralValue')!).length)) {
          err(at, `a composite literal of ${textOf(n.k[0], text)} is not supported yet`, 'declare it with `var x T` (its zero value is ready to use)');
          return false;
        }
        break;
      case 'QualifiedType': {
        const pkg = n.k[0].s;
        const t = n.k.find((c) => c.t === 'TypeName')?.s ?? '';
        if (!(PACKAGE_MEMBERS[pkg] ?? []).includes(t)) err(at, `the type ${pkg}.${t} is not supported yet`);
        break;
      }
    }
    return true;
  });
  // A method call `x.M()` on something that is not a package: M must be a method or func field of the file's
  // types, or one of the sync, sync/atomic or time.Duration methods the interpreter has (stdlib.ts).
  const methods = new Set<string>([...LIBRARY_METHODS, ...(pkgNames.has('testing') ? TESTING_METHODS : [])]);
  for (const byName of m.methods.values()) for (const name of byName.keys()) methods.add(name);
  for (const st of m.structs.values()) for (const f of st.fields) methods.add(f.name);
  for (const names of m.interfaces.values()) for (const name of names) methods.add(name);
  walk(m.root, (n) => {
    if (n.t !== 'CallExpr' || n.k[0].t !== 'SelectorExpr') return true;
    const sel = n.k[0];
    const base = sel.k[0];
    if (base.t === 'VariableName' && m.imports.size > 0 && [...m.imports.values()].includes(base.s)) return true;
    const name = sel.k.find((c) => c.t === 'FieldName')?.s ?? '';
    if (!methods.has(name)) err(m.at(sel), `the method ${name} is not supported yet`, 'the subset has the methods of your own struct types and of sync, sync/atomic, time.Duration, os and net values');
    return true;
  });
  // A name declared nowhere in the file, nor predeclared, nor a package: Go's "undefined: x".
  const declared = new Set<string>([...PREDECLARED, ...BUILTINS, ...m.imports.values(), ...m.structs.keys(), ...m.aliases.keys(), ...m.interfaces.keys()]);
  walk(m.root, (n) => {
    if (n.t === 'DefName') declared.add(n.s);
  });
  walk(m.root, (n, parent) => {
    if (n.t === 'Key') return false; // struct literal keys are field names
    if (n.t === 'VariableName' && !declared.has(n.s) && parent?.t !== 'QualifiedType') err(m.at(n), `undefined: ${n.s}`, 'declare it, or check its spelling');
    return true;
  });
  if (!tests && !m.funcs.has('main')) err(m.pos.range(0, 1), 'no `func main`', 'a Go program starts at func main in package main');
  if (tests && m.funcs.has('TestMain')) err(m.at(m.funcs.get('TestMain')!), '`func TestMain` is not supported yet', 'each TestXxx is explored on its own; set up in the test, or with t.Cleanup');
  if (tests) {
    for (const t of testFunctions(m)) {
      const problem = testSignatureProblem(t.decl, text);
      if (problem) err(t.at, `wrong signature for ${t.name}: ${problem}`, 'as `go vet` says');
    }
  }
  for (const name of m.funcs.keys()) if (name === 'init') err(m.at(m.funcs.get(name)!), '`func init` is not supported yet');
  // //interleave:cost on a for statement's line or the line above it, else on an os/net call's (sysio.ts).
  const loops: GoNode[] = [];
  const blocking: GoNode[] = [];
  walk(m.root, (n) => {
    if (n.t === 'ForStatement') loops.push(n);
    if (n.t === 'CallExpr' && n.k[0].t === 'SelectorExpr') {
      const sel = n.k[0];
      const member = sel.k.find((c) => c.t === 'FieldName')?.s ?? '';
      const pkg = sel.k[0].t === 'VariableName' && pkgNames.has(sel.k[0].s) ? sel.k[0].s : undefined;
      if (BLOCKING_CALLS.has(pkg ? `${pkg}.${member}` : member)) blocking.push(n);
    }
  });
  for (const c of comments) {
    const version = /^\/\/go:build\s+go1\.(\d+)\s*$/.exec(c.text.trim());
    if (version) m.loopVarPerIteration = Number(version[1]) >= 22;
    const ns = costDirective(c.text);
    if (ns === undefined) continue;
    const at = m.pos.range(c.from, c.from + c.text.length);
    if (Number.isNaN(ns)) {
      err(at, `\`${c.text.trim()}\`: expected a duration with a unit`, 'write //interleave:cost 2ms (ns, us, ms or s)');
      continue;
    }
    const line = m.pos.line0(c.from);
    const loop = loops.find((l) => m.pos.line0(l.from) === line || m.pos.line0(l.from) === line + 1);
    if (loop) {
      loop.costNs = ns;
      continue;
    }
    const callLine = [line, line + 1].find((l) => blocking.some((b) => m.pos.line0(b.from) === l));
    if (callLine === undefined) {
      err(at, '`//interleave:cost` is not on or above a `for` statement or a blocking os/net call',
        'put it on the line above the loop whose iteration it prices, or above the os/net call whose time it sets');
      continue;
    }
    for (const b of blocking) if (m.pos.line0(b.from) === callLine) b.costNs = ns;
  }
  const config: ConfigInput = { runtime: { kind: 'go', ...(gomaxprocs !== undefined ? { gomaxprocs } : {}) } };
  return { errors, config };
}

const MAX_ARRAY_VALUES = 1_000_000;

/** How many values a variable of this type holds: an array's elements times theirs, a struct's fields' (named types followed). */
function valuesOf(t: GoNode | undefined, m: GoModel, seen = new Set<string>()): number {
  if (!t) return 1;
  switch (t.t) {
    case 'ArrayType': {
      const [len, elem] = sig(t);
      return (len?.t === 'Number' ? Number(len.s) : 1) * valuesOf(elem, m, seen);
    }
    case 'ParenthesizedType': return valuesOf(sig(t)[0], m, seen);
    case 'TypeName': {
      if (seen.has(t.s)) return 1;
      const inner = new Set(seen).add(t.s);
      const st = m.structs.get(t.s);
      if (st) return Math.max(1, st.fields.reduce((sum, f) => sum + valuesOf(f.type, m, inner), 0));
      return valuesOf(m.aliases.get(t.s), m, inner);
    }
    default: return 1;
  }
}

/** A GOMAXPROCS argument: a constant, 0 (a query), the machine's CPUs (the default), or something else. */
function gomaxprocsOf(arg: GoNode | undefined, text: string, m: GoModel): number | 'cpus' | 'bad' {
  if (!arg) return 'bad';
  if (arg.t === 'Number') return Number(arg.s);
  const src = textOf(arg, text).replace(/\s+/g, '');
  if (src === 'runtime.NumCPU()') return 'cpus';
  if (arg.t === 'VariableName') {
    let fromCpus = false;
    walk(m.root, (n) => {
      if (n.t === 'VarDecl' && n.k.some((c) => c.t === 'DefName' && c.s === arg.s) && /runtime\.NumCPU\(\)/.test(textOf(n, text))) fromCpus = true;
    });
    if (fromCpus) return 'cpus';
  }
  return 'bad';
}
