/**
 * `os`, `net` and `io`: the calls a concurrent Go program makes to show what blocking in the
 * kernel does to the scheduler. Nothing is opened, read, written or dialled: each call is the
 * time it blocks, on the go runtime model.
 *
 * - A file call is a blocking syscall (the core's `syscall` op): the M blocks with its G and
 *   its P enters syscall state (proc.go: `entersyscall`); sysmon hands the P to another M,
 *   creating one if none is idle, once the call has lasted a sysmon tick (proc.go: `retake`,
 *   `handoffp`); on return the G takes its P back if it is still free, else an idle P, else
 *   it goes to the global queue (`exitsyscall`). Regular files are not pollable, so this is
 *   what Go does for them (internal/poll/fd_unix.go: `FD.Read` → `syscall.Read`).
 * - A network wait (`conn.Read`, `ln.Accept`, `net.Dial`'s connect) parks the G on the
 *   netpoller (the core's `io` op): its M goes on to other Gs and no M blocks
 *   (internal/poll/fd_poll_runtime.go: `waitRead` → netpoll.go: `poll_runtime_pollWait`).
 *   A socket write is a short syscall: the kernel copies into the socket buffer.
 *
 * What the program gets back: files are empty (`os.ReadFile` gives an empty slice, `f.Read`
 * gives 0 and `io.EOF`); a connection's `Read` fills the whole buffer (zero bytes); writes
 * report every byte written; errors are nil but for a closed file or connection. The race
 * detector sees what Go's does (syscall/syscall_unix.go under -race): a read writes the bytes
 * it fills (`race.WriteRange`) and acquires the one `ioSync` every write releases into
 * (`race.Acquire` / `race.ReleaseMerge`), and a write reads the bytes it sends
 * (`race.ReadRange`). `ioSync` is one hidden atomic variable here, and a write is an atomic
 * add on it: an acquire too, which Go's `ReleaseMerge` is not (a race between two writers'
 * surroundings can be missed).
 *
 * Durations: costs.ts (`FILE_IO_NS`, `SHORT_SYSCALL_NS`, `NET_WAIT_NS`), or the call's
 * `//interleave:cost` comment.
 */
import type { SourceRange } from '../../core/program';
import { FILE_IO_NS, NET_WAIT_NS, SHORT_SYSCALL_NS } from './costs';
import { type Gen, type Goroutine, type Interp, panicAt } from './interp';
import { Cell, GoError, GoSlice, Tuple } from './values';

/** The package members of the subset (stdlib.ts PACKAGE_MEMBERS). */
export const OS_MEMBERS = ['Getenv', 'ReadFile', 'WriteFile', 'Open', 'Create', 'Stat', 'Remove', 'File', 'FileInfo'] as const;
export const NET_MEMBERS = ['Dial', 'Listen', 'Conn', 'Listener'] as const;
export const IO_MEMBERS = ['EOF'] as const;

/** Methods of the values these calls return (subset.ts checks method names against them). */
export const SYSIO_METHODS = ['Read', 'Write', 'WriteString', 'Close', 'Accept', 'Name', 'Size', 'IsDir'] as const;

/** The package functions and methods that block, which an `//interleave:cost` comment may price (subset.ts). */
export const BLOCKING_CALLS: ReadonlySet<string> = new Set(['os.ReadFile', 'os.WriteFile', 'os.Open', 'os.Create', 'os.Stat', 'os.Remove',
  'net.Dial', 'net.Listen', 'Read', 'Write', 'WriteString', 'Close', 'Accept']);

/** io.go: `var EOF = errors.New("EOF")`, one value that `err == io.EOF` compares with. */
export const EOF = new GoError('EOF');

/** An *os.File of os.Open or os.Create; `%v` prints a pointer to its struct, as Go's does. */
export class GoFile {
  closed = false;
  constructor(readonly name: string) {}
  toString(): string {
    return '&{0xc000064180}';
  }
}

/** A net.Conn of net.Dial or Listener.Accept. */
export class GoConn {
  closed = false;
  constructor(readonly local: string, readonly remote: string) {}
  toString(): string {
    return '&{{0xc000100000}}';
  }
}

/** A net.Listener of net.Listen. */
export class GoListener {
  closed = false;
  accepted = 0;
  constructor(readonly addr: string) {}
  toString(): string {
    return '&{0xc000100080 {<nil> 0}}';
  }
}

/** An os.FileInfo of os.Stat: an empty regular file. */
export class GoFileInfo {
  constructor(readonly name: string) {}
  toString(): string {
    return `&{${this.name} 0}`;
  }
}

export type SysValue = GoFile | GoConn | GoListener | GoFileInfo;

export function isSysValue(v: unknown): v is SysValue {
  return v instanceof GoFile || v instanceof GoConn || v instanceof GoListener || v instanceof GoFileInfo;
}

/** `ioSync` of one run (syscall_unix.go), a hidden atomic variable. */
const IO_SYNC = new WeakMap<Interp, Cell>();

function* ioSync(it: Interp, at: SourceRange, g: Goroutine, action: 'load' | 'add'): Gen<void> {
  let cell = IO_SYNC.get(it);
  if (!cell) {
    cell = new Cell(0, 'ioSync', true, it.ids);
    cell.internal = true;
    IO_SYNC.set(it, cell);
  }
  yield* it.ensureMade(cell, at, g);
  const r = yield* it.emit({ op: 'atomic', v: cell.id!, action, value: action === 'add' ? 1 : undefined, at }, g);
  if (action === 'add') cell.value = Number(r) + 1;
}

/** The call's `//interleave:cost`, else the default. */
function duration(g: Goroutine, ns: number): number {
  const fixed = g.callNs;
  g.callNs = undefined;
  return fixed ?? ns;
}

function* blockingSyscall(it: Interp, ns: number, at: SourceRange, g: Goroutine): Gen<void> {
  yield* it.emit({ op: 'syscall', ns: duration(g, ns), at }, g);
}

function* netpollWait(it: Interp, ns: number, at: SourceRange, g: Goroutine): Gen<void> {
  yield* it.emit({ op: 'io', ns: duration(g, ns), at }, g);
}

/** syscall.Read's race annotations: the bytes filled are written, then ioSync is acquired. */
function* filled(it: Interp, buf: unknown, n: number, at: SourceRange, g: Goroutine): Gen<void> {
  if (n > 0 && buf instanceof GoSlice) for (let i = 0; i < n; i++) yield* it.store(buf.cells[buf.off + i], 0, at, g);
  yield* ioSync(it, at, g, 'load');
}

/** syscall.Write's: ioSync is released into before, the bytes sent are read after. */
function* sent(it: Interp, data: unknown, at: SourceRange, g: Goroutine, block: (it: Interp, at: SourceRange, g: Goroutine) => Gen<void>): Gen<number> {
  yield* ioSync(it, at, g, 'add');
  yield* block(it, at, g);
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (!(data instanceof GoSlice)) return 0;
  for (let i = 0; i < data.len; i++) yield* it.load(data.cells[data.off + i], at, g);
  return data.len;
}

function base(name: unknown): string {
  const s = String(name);
  return s.slice(s.lastIndexOf('/') + 1);
}

const fileIo = (it: Interp, at: SourceRange, g: Goroutine): Gen<void> => blockingSyscall(it, FILE_IO_NS, at, g);
const shortSyscall = (it: Interp, at: SourceRange, g: Goroutine): Gen<void> => blockingSyscall(it, SHORT_SYSCALL_NS, at, g);

/** `os.X(...)` and `net.X(...)`; undefined when `name` is not one of them. */
export function* sysioFunction(it: Interp, name: string, args: unknown[], at: SourceRange, g: Goroutine): Gen<unknown> {
  switch (name) {
    case 'os.Getenv': return ''; // the interpreter has no environment
    case 'os.ReadFile': {
      // os/file.go: ReadFile: open, fstat, read until EOF, close; one blocking syscall here.
      yield* fileIo(it, at, g);
      yield* filled(it, null, 0, at, g);
      return new Tuple([new GoSlice([], 0, 0, 0), null]);
    }
    case 'os.WriteFile': {
      yield* sent(it, args[1], at, g, fileIo);
      return null;
    }
    case 'os.Open': case 'os.Create': {
      yield* shortSyscall(it, at, g);
      return new Tuple([new GoFile(String(args[0])), null]);
    }
    case 'os.Stat': {
      yield* shortSyscall(it, at, g);
      return new Tuple([new GoFileInfo(base(args[0])), null]);
    }
    case 'os.Remove': yield* shortSyscall(it, at, g); return null;
    case 'net.Dial': {
      // net/fd_unix.go: connect: a non-blocking connect, then the G waits on the netpoller until the fd is writable.
      yield* shortSyscall(it, at, g);
      yield* netpollWait(it, NET_WAIT_NS, at, g);
      return new Tuple([new GoConn('127.0.0.1:40000', String(args[1])), null]);
    }
    case 'net.Listen': {
      yield* shortSyscall(it, at, g); // socket, bind, listen
      return new Tuple([new GoListener(String(args[1])), null]);
    }
  }
  throw panicAt(at, `${name} is not supported yet`);
}

function closedError(op: string, what: string, file: boolean): GoError {
  return new GoError(file ? `${op} ${what}: file already closed` : `${op} tcp ${what}: use of closed network connection`);
}

/** The methods of *os.File, net.Conn, net.Listener and os.FileInfo. */
export function* sysioMethod(it: Interp, v: SysValue, method: string, args: unknown[], at: SourceRange, g: Goroutine): Gen<unknown> {
  if (v instanceof GoFileInfo) {
    switch (method) {
      case 'Name': return v.name;
      case 'Size': return 0;
      case 'IsDir': return false;
    }
    throw panicAt(at, `os.FileInfo.${method} is not supported yet`);
  }
  if (v instanceof GoFile) {
    switch (method) {
      case 'Name': return v.name;
      case 'Read': {
        if (v.closed) return new Tuple([0, closedError('read', v.name, true)]);
        yield* fileIo(it, at, g);
        yield* filled(it, args[0], 0, at, g);
        return new Tuple([0, EOF]); // os/file.go: File.Read: 0 bytes at the end of the file is io.EOF
      }
      case 'Write': case 'WriteString': {
        if (v.closed) return new Tuple([0, closedError('write', v.name, true)]);
        return new Tuple([yield* sent(it, args[0], at, g, fileIo), null]);
      }
      case 'Close': {
        if (v.closed) return closedError('close', v.name, true);
        v.closed = true;
        yield* shortSyscall(it, at, g);
        return null;
      }
    }
    throw panicAt(at, `os.File.${method} is not supported yet`);
  }
  if (v instanceof GoConn) {
    switch (method) {
      case 'Read': {
        if (v.closed) return new Tuple([0, closedError('read', `${v.local}->${v.remote}`, false)]);
        yield* netpollWait(it, NET_WAIT_NS, at, g);
        const buf = args[0];
        const n = buf instanceof GoSlice ? buf.len : 0;
        yield* filled(it, buf, n, at, g);
        return new Tuple([n, null]);
      }
      case 'Write': {
        if (v.closed) return new Tuple([0, closedError('write', `${v.local}->${v.remote}`, false)]);
        return new Tuple([yield* sent(it, args[0], at, g, shortSyscall), null]);
      }
      case 'Close': {
        if (v.closed) return closedError('close', `${v.local}->${v.remote}`, false);
        v.closed = true;
        yield* shortSyscall(it, at, g);
        return null;
      }
    }
    throw panicAt(at, `net.Conn.${method} is not supported yet`);
  }
  switch (method) {
    case 'Accept': {
      if (v.closed) return new Tuple([null, closedError('accept', v.addr, false)]);
      // net/fd_unix.go: accept: EAGAIN until a client connects, the G parked on the netpoller meanwhile.
      yield* netpollWait(it, NET_WAIT_NS, at, g);
      v.accepted++;
      return new Tuple([new GoConn(v.addr, `127.0.0.1:${50000 + v.accepted}`), null]);
    }
    case 'Close': {
      if (v.closed) return closedError('close', v.addr, false);
      v.closed = true;
      yield* shortSyscall(it, at, g);
      return null;
    }
  }
  throw panicAt(at, `net.Listener.${method} is not supported yet`);
}
