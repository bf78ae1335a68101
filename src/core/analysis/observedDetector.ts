import type { HbObserver } from './hb';
import type { RaceDetector } from './raceDetector';
import type { SourceRange, TaskId } from '../program';

/**
 * A race detector that also tells its owner about every memory access, after the
 * detector has checked it: the debugger places each race on the moment it appeared
 * (src/debug/coreTimeline.ts), the timed replay follows the untimed run's accesses
 * (explore/timedReplay.ts). Every happens-before event goes to `detector` unchanged.
 */
export class ObservedDetector implements HbObserver {
  constructor(readonly detector: RaceDetector, private readonly accessed: (task: TaskId, at: SourceRange) => void) {}
  fork(p: TaskId, c: TaskId, at?: SourceRange): void { this.detector.fork(p, c, at); }
  join(a: TaskId, b: TaskId): void { this.detector.join(a, b); }
  acquire(t: TaskId, s: string): void { this.detector.acquire(t, s); }
  release(t: TaskId, s: string): void { this.detector.release(t, s); }
  releaseStore(t: TaskId, s: string): void { this.detector.releaseStore(t, s); }
  read(t: TaskId, v: string, at: SourceRange): void { this.detector.read(t, v, at); this.accessed(t, at); }
  write(t: TaskId, v: string, at: SourceRange): void { this.detector.write(t, v, at); this.accessed(t, at); }
  atomic(t: TaskId, v: string, k: 'load' | 'store' | 'rmw', at: SourceRange): void { this.detector.atomic(t, v, k, at); this.accessed(t, at); }
}
