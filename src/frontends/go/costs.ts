/**
 * What Go statements cost in simulated CPU time, and how a program says otherwise.
 *
 * Every executed statement costs `STATEMENT_NS` (a loop's post statement counts as one;
 * conditions are free). 0.625 ns is two cycles at 3.2 GHz, calibrated on the examples'
 * summing loops: `for n := 0; n < N; n++ { total += n }` is 1.25 ns an iteration, which is
 * what the scenario twins model from the Go translations measured on this project's build
 * machine (examples/parallelism/go-parallel-cpu: 200 million iterations in 250 ms).
 *
 * `//interleave:cost 2ms` on the line of a `for` statement or the line above it says how
 * long one iteration of that loop takes: its statements then cost nothing more (the ops
 * they do, a lock or a send, still happen and still take their own time).
 *
 * The same comment on the line of an `os`/`net` call that blocks (or the line above it) says
 * how long that call blocks (see `FILE_IO_NS` below).
 *
 * Costs pile up in the goroutine and become one `compute` op before the next op another
 * goroutine could observe, so a million cheap statements are one step, not a million.
 */
import { parseDuration } from '../../core/config';

export const STATEMENT_NS = 0.625;

/**
 * How long the blocking calls of `os` and `net` take (sysio.ts), each overridable with an
 * `//interleave:cost` comment on the call's line or the line above it. Nothing is read or
 * written: only the time passes.
 *
 * - `FILE_IO_NS`, 1 ms: a read or write of a regular file that misses the page cache (a
 *   cloud block device or a SATA SSD; a local NVMe drive is nearer 100 µs). Regular files
 *   are not pollable, so Go makes it a blocking syscall (internal/poll/fd_unix.go: `Read` →
 *   `ignoringEINTRIO(syscall.Read)` → runtime `entersyscall`): the M blocks with its G, and
 *   sysmon hands the P to another M once the call has lasted a sysmon tick (20 µs or more).
 * - `SHORT_SYSCALL_NS`, 10 µs: open, close, stat, remove, listen, and a socket write (the
 *   kernel copies into the socket buffer and returns): shorter than sysmon's tick, so the P
 *   usually stays with the M.
 * - `NET_WAIT_NS`, 1 ms: a connection's reply, an `Accept`'s next client, a `Dial`'s
 *   handshake: one round trip to a nearby host. The fd is non-blocking: the G parks on the
 *   netpoller and its M goes on to other Gs (internal/poll/fd_poll_runtime.go: `waitRead` →
 *   runtime netpoll.go: `poll_runtime_pollWait` → `gopark`); no M blocks.
 */
export const FILE_IO_NS = 1_000_000;
export const SHORT_SYSCALL_NS = 10_000;
export const NET_WAIT_NS = 1_000_000;

/** A loop this long (or longer) whose body is plain arithmetic on locals runs in closed form (fold.ts). */
export const FOLD_MIN_ITERATIONS = 1000;

const COST_DIRECTIVE = /^\/\/\s*interleave:cost\b(.*)$/;

/** `//interleave:cost 2ms` → 2,000,000 (ns); undefined when the comment is not that directive; NaN when its duration is bad. */
export function costDirective(comment: string): number | undefined {
  const m = COST_DIRECTIVE.exec(comment.trim());
  if (!m) return undefined;
  try {
    return parseDuration(m[1].trim());
  } catch {
    return Number.NaN;
  }
}
