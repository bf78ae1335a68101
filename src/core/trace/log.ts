/**
 * The compact columnar event log recorded when `trace: true`: one typed array per
 * column, grown by doubling, with objects and source locations interned in tables.
 */
import type { SourceRange } from '../program';

export class TraceLog {
  /** False for a recorder that keeps no op events (waits.ts): the engine does not name its ops for it. */
  readonly keepsOps: boolean = true;
  length = 0;
  time = new Float64Array(256);
  kind = new Uint8Array(256);
  task = new Int32Array(256);
  hw = new Int32Array(256);
  obj = new Int32Array(256);
  loc = new Int32Array(256);
  reason = new Uint8Array(256);
  arg = new Float64Array(256);
  readonly objects: string[] = [];
  readonly locations: SourceRange[] = [];
  private readonly objectIndex = new Map<string, number>();
  private readonly locationIndex = new Map<SourceRange, number>();
  /**
   * Causality edges, columnar like the events (a million-goroutine run has a million
   * spawn→start edges; an object each cost ~50 bytes): from event index → to event index,
   * with a label (send→recv, ...) interned in `edgeLabels`.
   */
  edgeCount = 0;
  edgeFrom = new Int32Array(64);
  edgeTo = new Int32Array(64);
  edgeLabel = new Uint8Array(64);
  readonly edgeLabels: string[] = [];
  private readonly edgeLabelIndex = new Map<string, number>();

  private intern(s: string | null): number {
    if (s === null || s === '') return -1;
    let i = this.objectIndex.get(s);
    if (i === undefined) {
      i = this.objects.length;
      this.objects.push(s);
      this.objectIndex.set(s, i);
    }
    return i;
  }

  private internLoc(at: SourceRange | null): number {
    if (at === null) return -1;
    let i = this.locationIndex.get(at);
    if (i === undefined) {
      i = this.locations.length;
      this.locations.push(at);
      this.locationIndex.set(at, i);
    }
    return i;
  }

  record(time: number, kind: number, task: number, hw: number, obj: string | null, at: SourceRange | null,
    reason: number, arg: number): number {
    if (this.length === this.time.length) this.grow();
    const i = this.length++;
    this.time[i] = time;
    this.kind[i] = kind;
    this.task[i] = task;
    this.hw[i] = hw;
    this.obj[i] = this.intern(obj);
    this.loc[i] = this.internLoc(at);
    this.reason[i] = reason;
    this.arg[i] = arg;
    return i;
  }

  /** Records a causality edge from event `from` to event `to`. */
  addEdge(from: number, to: number, label: string): void {
    let l = this.edgeLabelIndex.get(label);
    if (l === undefined) {
      l = this.edgeLabels.length;
      if (l > 255) throw new Error(`more than 256 distinct edge labels (${label})`);
      this.edgeLabels.push(label);
      this.edgeLabelIndex.set(label, l);
    }
    if (this.edgeCount === this.edgeFrom.length) {
      const n = Math.max(64, this.edgeCount * 2);
      const from = new Int32Array(n); from.set(this.edgeFrom); this.edgeFrom = from;
      const to = new Int32Array(n); to.set(this.edgeTo); this.edgeTo = to;
      const lb = new Uint8Array(n); lb.set(this.edgeLabel); this.edgeLabel = lb;
    }
    const k = this.edgeCount++;
    this.edgeFrom[k] = from;
    this.edgeTo[k] = to;
    this.edgeLabel[k] = l;
  }

  edgeLabelAt(k: number): string {
    return this.edgeLabels[this.edgeLabel[k]];
  }

  /**
   * Cuts every column to its length (the doubling leaves up to half of each unused), once
   * the run is over: a kept run then holds no slack, and readers can hand out exact views
   * (`subarray`) instead of copies, which a panel sends to its webview as they are.
   */
  trim(): void {
    const n = this.length;
    if (this.time.length !== n) {
      this.time = this.time.slice(0, n); this.kind = this.kind.slice(0, n); this.task = this.task.slice(0, n);
      this.hw = this.hw.slice(0, n); this.obj = this.obj.slice(0, n); this.loc = this.loc.slice(0, n);
      this.reason = this.reason.slice(0, n); this.arg = this.arg.slice(0, n);
    }
    const e = this.edgeCount;
    if (this.edgeFrom.length !== e) {
      this.edgeFrom = this.edgeFrom.slice(0, e); this.edgeTo = this.edgeTo.slice(0, e); this.edgeLabel = this.edgeLabel.slice(0, e);
    }
  }

  /** Bytes the columns hold for the recorded events and edges (their capacity, the tables aside). */
  get columnBytes(): number {
    return this.time.byteLength + this.kind.byteLength + this.task.byteLength + this.hw.byteLength + this.obj.byteLength
      + this.loc.byteLength + this.reason.byteLength + this.arg.byteLength
      + this.edgeFrom.byteLength + this.edgeTo.byteLength + this.edgeLabel.byteLength;
  }

  objectAt(i: number): string | null {
    const o = this.obj[i];
    return o < 0 ? null : this.objects[o];
  }

  locationAt(i: number): SourceRange | null {
    const l = this.loc[i];
    return l < 0 ? null : this.locations[l];
  }

  private grow(): void {
    const n = Math.max(256, this.time.length * 2);
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.time = g(this.time, (k) => new Float64Array(k));
    this.kind = g(this.kind, (k) => new Uint8Array(k));
    this.task = g(this.task, (k) => new Int32Array(k));
    this.hw = g(this.hw, (k) => new Int32Array(k));
    this.obj = g(this.obj, (k) => new Int32Array(k));
    this.loc = g(this.loc, (k) => new Int32Array(k));
    this.reason = g(this.reason, (k) => new Uint8Array(k));
    this.arg = g(this.arg, (k) => new Float64Array(k));
  }
}
