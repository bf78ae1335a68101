/** A binary heap of kernel threads ordered by a `less` function (the fair run queue). */
import type { KThread } from './kthread';

export class KThreadHeap {
  private readonly a: KThread[] = [];
  constructor(private readonly less: (x: KThread, y: KThread) => boolean) {}
  get size(): number {
    return this.a.length;
  }
  peek(): KThread | null {
    return this.a.length > 0 ? this.a[0] : null;
  }
  push(kt: KThread): void {
    const a = this.a;
    let i = a.length;
    a.push(kt);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(kt, a[p])) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = kt;
  }
  pop(): KThread | null {
    const a = this.a;
    if (a.length === 0) return null;
    const top = a[0];
    const last = a.pop()!;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && this.less(a[c + 1], a[c])) c++;
        if (!this.less(a[c], last)) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
