/**
 * The event queue of the timed model: a binary min-heap on (time, sequence) kept in
 * parallel typed arrays, so pushing and popping an event allocates nothing. An event is
 * a kind code and two integer arguments; the loop in `timed.ts` dispatches on the kind.
 * Time is integer nanoseconds held in a Float64Array (exact up to 2^53 ns, ~104 days).
 * The sequence number makes the order of simultaneous events the order they were
 * scheduled, which keeps runs deterministic.
 */
export class EventHeap {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Uint8Array;
  private a: Int32Array;
  private b: Int32Array;
  private n = 0;
  private nextSeq = 0;

  constructor(capacity = 1024) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest event; only valid when size > 0. */
  peekTime(): number {
    return this.time[0];
  }

  push(time: number, kind: number, a: number, b: number): void {
    if (this.n === this.time.length) this.grow();
    let i = this.n++;
    const s = this.nextSeq++;
    const T = this.time, S = this.seq, K = this.kind, A = this.a, B = this.b;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (T[p] < time || (T[p] === time && S[p] < s)) break;
      T[i] = T[p]; S[i] = S[p]; K[i] = K[p]; A[i] = A[p]; B[i] = B[p];
      i = p;
    }
    T[i] = time; S[i] = s; K[i] = kind; A[i] = a; B[i] = b;
  }

  /** Removes the earliest event; its fields are then in `popped*`. */
  pop(): void {
    const T = this.time, S = this.seq, K = this.kind, A = this.a, B = this.b;
    this.poppedTime = T[0];
    this.poppedKind = K[0];
    this.poppedA = A[0];
    this.poppedB = B[0];
    const last = --this.n;
    if (last === 0) return;
    const t = T[last], s = S[last], k = K[last], a = A[last], b = B[last];
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < last && (T[r] < T[c] || (T[r] === T[c] && S[r] < S[c]))) c = r;
      if (t < T[c] || (t === T[c] && s < S[c])) break;
      T[i] = T[c]; S[i] = S[c]; K[i] = K[c]; A[i] = A[c]; B[i] = B[c];
      i = c;
    }
    T[i] = t; S[i] = s; K[i] = k; A[i] = a; B[i] = b;
  }

  poppedTime = 0;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  private grow(): void {
    const cap = this.time.length * 2;
    const t = new Float64Array(cap); t.set(this.time); this.time = t;
    const s = new Float64Array(cap); s.set(this.seq); this.seq = s;
    const k = new Uint8Array(cap); k.set(this.kind); this.kind = k;
    const a = new Int32Array(cap); a.set(this.a); this.a = a;
    const b = new Int32Array(cap); b.set(this.b); this.b = b;
  }
}
