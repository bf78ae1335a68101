/**
 * The builtins and the package functions of the subset, each as the op(s) the real
 * function amounts to: `mu.Lock()` is the core's mutex lock, `wg.Wait()` its waitgroup
 * wait, `time.Sleep(d)` a sleep, `atomic.AddInt64(&n, 1)` an atomic add, `fmt.Println` a
 * line in the run's log. `PACKAGE_MEMBERS` is the list subset.ts checks calls against.
 */
import type { AtomicAction, SourceRange } from '../../core/program';
import { type Gen, Goroutine as GoroutineState, type Goroutine, type Interp, panicAt } from './interp';
import {
  Builtin, Cell, Duration, GoArray, GoAtomic, GoChan, GoExit, GoMap, GoPtr, GoSlice, GoError, GoStruct, GoSync, GoTime, GoTimer, formatValue, sprint, sprintf, sprintln,
} from './values';
import { GoTestingT, testingMethod } from './testing';
import { CANCELED, CONTEXT_MEMBERS, DEADLINE_EXCEEDED, GoContext, contextFunction, contextMethod } from './context';
import { EOF, IO_MEMBERS, NET_MEMBERS, OS_MEMBERS, type SysValue, isSysValue, sysioFunction, sysioMethod } from './sysio';

const TIME_UNITS: Record<string, number> = { Nanosecond: 1, Microsecond: 1e3, Millisecond: 1e6, Second: 1e9, Minute: 6e10, Hour: 3.6e12 };

/** Every package member the subset takes, by package name. */
export const PACKAGE_MEMBERS: Record<string, readonly string[]> = {
  fmt: ['Println', 'Printf', 'Print', 'Sprintf', 'Sprint', 'Sprintln', 'Errorf'],
  sync: ['Mutex', 'RWMutex', 'WaitGroup', 'Once', 'Cond', 'NewCond'],
  atomic: [...['Add', 'Load', 'Store', 'Swap', 'CompareAndSwap'].flatMap((f) => ['Int32', 'Int64', 'Uint32', 'Uint64', 'Uintptr'].map((t) => f + t)),
    'Int32', 'Int64', 'Uint32', 'Uint64', 'Uintptr', 'Bool'],
  time: ['Sleep', 'After', 'AfterFunc', 'Timer', 'Now', 'Since', 'Until', 'Duration', 'Time', ...Object.keys(TIME_UNITS)],
  runtime: ['GOMAXPROCS', 'Gosched', 'LockOSThread', 'UnlockOSThread', 'NumCPU', 'NumGoroutine', 'GC', 'Goexit'],
  // sysio.ts: the blocking calls, modelled as syscalls and netpoller waits.
  os: OS_MEMBERS,
  net: NET_MEMBERS,
  io: IO_MEMBERS,
  errors: ['New'],
  strconv: ['Itoa'],
  strings: ['Repeat', 'ToUpper', 'ToLower', 'Contains', 'Join'],
  // *testing.T's methods are testing.ts's; of the package itself, the type and these two.
  testing: ['T', 'Short', 'Verbose'],
  context: CONTEXT_MEMBERS,
};

export const BUILTINS = new Set(['recover', 'len', 'cap', 'append', 'close', 'delete', 'panic', 'print', 'println', 'copy', 'min', 'max', 'make', 'new']);

export function packageMember(pkg: string, name: string, at: SourceRange): unknown {
  if (pkg === 'time' && name in TIME_UNITS) return new Duration(TIME_UNITS[name]);
  if (pkg === 'context' && name === 'Canceled') return CANCELED;
  if (pkg === 'context' && name === 'DeadlineExceeded') return DEADLINE_EXCEEDED;
  if (pkg === 'io' && name === 'EOF') return EOF;
  if (!(PACKAGE_MEMBERS[pkg] ?? []).includes(name)) throw panicAt(at, `${pkg}.${name} is not supported yet`);
  return new Builtin(`${pkg}.${name}`);
}

function ns(d: unknown): number {
  return d instanceof Duration ? d.ns : Number(d);
}

function output(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** The core variable behind `&x` for sync/atomic's functions. */
function atomicCell(p: unknown, at: SourceRange): Cell {
  if (p instanceof GoPtr) return p.cell;
  throw panicAt(at, 'sync/atomic needs a pointer (&x)');
}

function* atomicOp(it: Interp, cell: Cell, action: AtomicAction, at: SourceRange, g: Goroutine, value?: unknown, expected?: unknown): Gen<unknown> {
  if (cell.id === undefined) cell.id = it.ids.next(cell.name);
  yield* it.ensureMade(cell, at, g);
  const r = yield* it.emit({ op: 'atomic', v: cell.id, action, value, expected, at }, g);
  // Keep the interpreter's copy in step with the core's, for plain reads that come after.
  if (action === 'add') cell.value = Number(r) + Number(value);
  else if (action === 'store' || action === 'swap' || (action === 'cas' && r === true)) cell.value = value;
  return action === 'add' ? Number(r) + Number(value) : r;
}

function* syncMethod(it: Interp, s: GoSync, method: string, args: unknown[], at: SourceRange, g: Goroutine): Gen<unknown> {
  const op = (action: import('../../core/program').SyncAction, value?: unknown): Gen<unknown> => it.emit({ op: 'sync', obj: s.id, action, value, at }, g);
  switch (`${s.type}.${method}`) {
    case 'Mutex.Lock': case 'RWMutex.Lock': return yield* op('lock');
    case 'Mutex.Unlock': case 'RWMutex.Unlock': return yield* op('unlock');
    case 'Mutex.TryLock': case 'RWMutex.TryLock': return yield* op('try_lock');
    case 'RWMutex.RLock': return yield* op('rlock');
    case 'RWMutex.RUnlock': return yield* op('runlock');
    case 'WaitGroup.Add': return yield* op('add', Number(args[0]));
    case 'WaitGroup.Done': return yield* op('done');
    case 'WaitGroup.Wait': return yield* op('wait');
    case 'Cond.Wait': return yield* op('wait');
    case 'Cond.Signal': return yield* op('signal');
    case 'Cond.Broadcast': return yield* op('broadcast');
    case 'Once.Do': {
      // once.go: doSlow: the first caller runs f under the Once's mutex; the others wait for it.
      if ((yield* op('once_enter')) === true) {
        try {
          yield* it.call(args[0], [], at, g);
        } finally {
          yield* op('once_exit');
        }
      }
      return undefined;
    }
  }
  throw panicAt(at, `sync.${s.type}.${method} is not supported yet`);
}

function* atomicMethod(it: Interp, a: GoAtomic, method: string, args: unknown[], at: SourceRange, g: Goroutine): Gen<unknown> {
  switch (method) {
    case 'Load': return yield* atomicOp(it, a.cell, 'load', at, g);
    case 'Store': return yield* atomicOp(it, a.cell, 'store', at, g, args[0]);
    case 'Add': return yield* atomicOp(it, a.cell, 'add', at, g, args[0]);
    case 'Swap': return yield* atomicOp(it, a.cell, 'swap', at, g, args[0]);
    case 'CompareAndSwap': return yield* atomicOp(it, a.cell, 'cas', at, g, args[1], args[0]);
  }
  throw panicAt(at, `atomic.${a.type}.${method} is not supported yet`);
}

/** time.Duration's methods (time.go); a duration the program cannot know stays unknown. */
/** time.Time's methods (time.go) on the simulated clock. */
function timeMethod(t: GoTime, method: string, args: unknown[], at: SourceRange): unknown {
  const u = args[0];
  const other = (): number => {
    if (!(u instanceof GoTime)) throw panicAt(at, `time.Time.${method} needs a time.Time`);
    return u.ns;
  };
  switch (method) {
    case 'Sub': return new Duration(t.ns - other());
    case 'Before': return t.ns < other();
    case 'After': return t.ns > other();
    case 'Equal': return t.ns === other();
    case 'Add': return new GoTime(t.ns + ns(u));
    case 'UnixNano': return Math.floor(Date.UTC(2009, 10, 10, 23) * 1e6 + t.ns);
    case 'String': return formatValue(t);
  }
  throw panicAt(at, `time.Time.${method} is not supported yet`);
}

function durationMethod(d: Duration, method: string, args: unknown[], at: SourceRange): unknown {
  const m = args[0] instanceof Duration ? args[0].ns : Number(args[0]);
  switch (method) {
    case 'Round': return new Duration(m <= 0 ? d.ns : Math.round(d.ns / m) * m);
    case 'Truncate': return new Duration(m <= 0 ? d.ns : Math.trunc(d.ns / m) * m);
    case 'Seconds': return d.ns / 1e9;
    case 'Milliseconds': return Math.trunc(d.ns / 1e6);
    case 'Microseconds': return Math.trunc(d.ns / 1e3);
    case 'Nanoseconds': return d.ns;
    case 'String': return formatValue(d);
  }
  throw panicAt(at, `time.Duration.${method} is not supported yet`);
}

export function* callBuiltin(it: Interp, name: string, args: unknown[], at: SourceRange, g: Goroutine,
  target?: GoSync | GoAtomic | Duration | GoTime | GoTimer | GoError | GoTestingT | GoContext | SysValue): Gen<unknown> {
  if (isSysValue(target)) return yield* sysioMethod(it, target, name, args, at, g);
  if (name.startsWith('os.') || name.startsWith('net.')) return yield* sysioFunction(it, name, args, at, g);
  if (target instanceof GoTestingT) return yield* testingMethod(it, target, name, args, at, g);
  if (target instanceof GoContext) return yield* contextMethod(it, target, name, args, at, g);
  if (name.startsWith('context.')) return yield* contextFunction(it, name.slice('context.'.length), args, at, g);
  if (target instanceof GoError) {
    if (name !== 'Error') throw panicAt(at, `error.${name} is not supported yet`);
    return target.message;
  }
  if (target instanceof GoTimer) {
    // time.go: Timer.Stop reports whether it stopped the timer before it fired.
    if (name !== 'Stop') throw panicAt(at, `time.Timer.${name} is not supported yet`);
    const stopped = !target.fired && !target.stopped;
    target.stopped = true;
    return stopped;
  }
  if (target instanceof Duration) return durationMethod(target, name, args, at);
  if (target instanceof GoTime) return timeMethod(target, name, args, at);
  if (target instanceof GoSync) return yield* syncMethod(it, target, name, args, at, g);
  if (target instanceof GoAtomic) return yield* atomicMethod(it, target, name, args, at, g);
  const atomic = /^atomic\.(Add|Load|Store|Swap|CompareAndSwap)(Int32|Int64|Uint32|Uint64|Uintptr)$/.exec(name);
  if (atomic) {
    const cell = atomicCell(args[0], at);
    switch (atomic[1]) {
      case 'Add': return yield* atomicOp(it, cell, 'add', at, g, args[1]);
      case 'Load': return yield* atomicOp(it, cell, 'load', at, g);
      case 'Store': return yield* atomicOp(it, cell, 'store', at, g, args[1]);
      case 'Swap': return yield* atomicOp(it, cell, 'swap', at, g, args[1]);
      default: return yield* atomicOp(it, cell, 'cas', at, g, args[2], args[1]);
    }
  }
  switch (name) {
    case 'fmt.Println': yield* it.emit({ op: 'print', text: sprintln(args), at }, g); return undefined;
    case 'fmt.Print': yield* it.emit({ op: 'print', text: output(sprint(args)), at }, g); return undefined;
    case 'fmt.Printf': yield* it.emit({ op: 'print', text: output(sprintf(String(args[0]), args.slice(1))), at }, g); return undefined;
    case 'println': case 'print': yield* it.emit({ op: 'print', text: sprintln(args), at }, g); return undefined;
    case 'fmt.Sprintf': return sprintf(String(args[0]), args.slice(1));
    case 'fmt.Sprint': return sprint(args);
    case 'fmt.Sprintln': return `${sprintln(args)}\n`;
    case 'fmt.Errorf': return new GoError(sprintf(String(args[0]), args.slice(1)));
    case 'errors.New': return new GoError(String(args[0]));
    case 'recover': {
      // panic.go: gorecover: the value of the panic in flight, which stops; nil when there is none.
      const p = g.panicking;
      if (!p || p.recovered) return null;
      p.recovered = true;
      return p.panic.value;
    }
    case 'strconv.Itoa': return String(Math.trunc(Number(args[0])));
    case 'strings.Repeat': return String(args[0]).repeat(Number(args[1]));
    case 'strings.ToUpper': return String(args[0]).toUpperCase();
    case 'strings.ToLower': return String(args[0]).toLowerCase();
    case 'strings.Contains': return String(args[0]).includes(String(args[1]));
    case 'strings.Join': {
      const s = args[0] as GoSlice | null;
      return s ? s.cells.slice(s.off, s.off + s.len).map((c) => String(c.value)).join(String(args[1])) : '';
    }
    case 'sync.NewCond': {
      const mu = args[0] instanceof GoPtr ? args[0].cell.value : args[0];
      if (!(mu instanceof GoSync)) throw panicAt(at, 'sync.NewCond needs a *sync.Mutex');
      const c = yield* it.makeSync('Cond', 'cond', at, g, mu);
      return new GoPtr(new Cell(c, 'cond', false, undefined));
    }
    case 'time.Sleep': yield* it.emit({ op: 'sleep', ns: Math.max(0, ns(args[0])), at }, g); return undefined;
    case 'time.After': {
      // time.After: a channel of capacity 1 that the runtime's timer sends on when d has passed.
      const ch = yield* it.makeChan('time.After', 1, at, g);
      const d = Math.max(0, ns(args[0]));
      const body = function* timer(): Gen<unknown> {
        yield { op: 'sleep', ns: d, at };
        const now = Number(yield { op: 'now', at });
        yield { op: 'sync', obj: ch.id, action: 'send', value: new GoTime(now), at };
        return undefined;
      };
      yield* it.emit({ op: 'spawn', body, name: 'time.After', count: 1, at }, g);
      return ch;
    }
    case 'time.AfterFunc': {
      // time.AfterFunc: when d has passed, the runtime's timer starts f in its own goroutine.
      const timer = new GoTimer();
      const d = Math.max(0, ns(args[0]));
      const f = args[1];
      const body = function* afterFunc(): Gen<unknown> {
        yield { op: 'sleep', ns: d, at };
        if (timer.stopped) return undefined;
        timer.fired = true;
        return yield* it.goroutine(f, [], at, new GoroutineState());
      };
      yield* it.emit({ op: 'spawn', body, name: 'time.AfterFunc', count: 1, at }, g);
      return new GoPtr(new Cell(timer, 'timer', false, undefined));
    }
    // `go test` without -short and without -v.
    case 'testing.Short': case 'testing.Verbose': return false;
    case 'runtime.Goexit': throw new GoExit(at);
    case 'runtime.GC': return undefined; // a collection changes nothing the program or the race detector can see
    case 'runtime.NumGoroutine': return it.liveGoroutines;
    case 'time.Duration': return new Duration(Math.trunc(ns(args[0])));
    // The core's clock (its `now` op, after the CPU time owed is paid): simulated ns since the run began.
    case 'time.Now': return new GoTime(Number(yield* it.emit({ op: 'now', at }, g)));
    case 'time.Since': case 'time.Until': {
      const now = Number(yield* it.emit({ op: 'now', at }, g));
      const t = args[0] instanceof GoTime ? args[0].ns : 0;
      return new Duration(name === 'time.Since' ? now - t : t - now);
    }
    case 'runtime.Gosched': yield* it.emit({ op: 'yield', at }, g); return undefined;
    case 'runtime.LockOSThread': yield* it.emit({ op: 'lock_os_thread', at }, g); return undefined;
    case 'runtime.UnlockOSThread': yield* it.emit({ op: 'unlock_os_thread', at }, g); return undefined;
    // compile.ts fixes GOMAXPROCS from the program's calls before the run (a run cannot change it midway).
    case 'runtime.GOMAXPROCS': return it.gomaxprocs;
    case 'runtime.NumCPU': return it.numCPU;
    case 'len': return yield* length(it, args[0], at, g);
    case 'cap': {
      const v = args[0];
      if (v instanceof GoSlice) return v.cap;
      if (v instanceof GoArray) return v.cells.length;
      if (v instanceof GoChan) return v.cap;
      return 0;
    }
    case 'append': {
      const s = args[0] as GoSlice | null;
      const add = args.slice(1);
      const len = s ? s.len : 0;
      const cap = s ? s.cap : 0;
      if (s && len + add.length <= cap) {
        for (let i = 0; i < add.length; i++) yield* it.store(s.cells[s.off + len + i], add[i], at, g);
        return new GoSlice(s.cells, s.off, len + add.length, cap);
      }
      // slice.go: growslice copies into a new backing array (reads of the old elements, writes of the new).
      const newCap = Math.max(len + add.length, cap * 2);
      const cells: Cell[] = [];
      for (let i = 0; i < len; i++) cells.push(new Cell(yield* it.load(s!.cells[s!.off + i], at, g), s!.cells[s!.off + i].name, true, it.ids));
      for (const v of add) cells.push(new Cell(v, `elem[${cells.length}]`, true, it.ids));
      while (cells.length < newCap) cells.push(new Cell(0, `elem[${cells.length}]`, true, it.ids));
      return new GoSlice(cells, 0, len + add.length, newCap);
    }
    case 'copy': {
      // slice.go: slicecopy reads every source element and writes every destination one (elementwise for structs).
      const dst = args[0] as GoSlice;
      const src = args[1];
      if (typeof src === 'string') {
        const bytes = Buffer.from(src);
        const n = Math.min(dst.len, bytes.length);
        for (let i = 0; i < n; i++) yield* it.store(dst.cells[dst.off + i], bytes[i], at, g);
        return n;
      }
      const from = src as GoSlice;
      const n = Math.min(dst.len, from.len);
      const values: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const cell = from.cells[from.off + i];
        values.push(cell.value instanceof GoStruct || cell.value instanceof GoArray ? yield* it.copyOut(cell.value, at, g) : yield* it.load(cell, at, g));
      }
      for (let i = 0; i < n; i++) yield* it.assignWhole(dst.cells[dst.off + i], values[i], at, g);
      return n;
    }
    case 'close': {
      if (!(args[0] instanceof GoChan)) throw panicAt(at, 'close of nil channel');
      yield* it.emit({ op: 'sync', obj: args[0].id, action: 'close', at }, g);
      return undefined;
    }
    case 'delete': {
      const m = args[0];
      if (m instanceof GoMap) yield* it.mapWrite(m, at, g, () => { m.entries.delete(args[1]); });
      return undefined;
    }
    case 'panic': throw panicAt(at, formatValue(args[0]));
    case 'min': return Math.min(...args.map(Number));
    case 'max': return Math.max(...args.map(Number));
  }
  throw panicAt(at, `${name} is not supported yet`);
}

function* length(it: Interp, v: unknown, at: SourceRange, g: Goroutine): Gen<unknown> {
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (v instanceof GoSlice) return v.len;
  if (v instanceof GoArray) return v.cells.length;
  if (v instanceof GoMap) return yield* it.mapRead(v, at, g, () => v.entries.size);
  if (v instanceof GoChan) return yield* it.emit({ op: 'sync', obj: v.id, action: 'len', at }, g);
  return 0;
}
