// label: no race
// why: the cache class takes its mutex around both the lookup and the insertion.
import { spawn, Mutex } from "interleave";

class Cache {
  private mu = new Mutex();
  private entries = new Map<string, number>();
  get(key: string, compute: (k: string) => number): number {
    this.mu.lock();
    try {
      let v = this.entries.get(key);
      if (v === undefined) {
        v = compute(key);
        this.entries.set(key, v);
      }
      return v;
    } finally {
      this.mu.unlock();
    }
  }
}

export default function main() {
  const cache = new Cache();
  const a = spawn(() => cache.get("alpha", (k) => k.length));
  const b = spawn(() => cache.get("beta", (k) => k.length * 2));
  return a.join() + b.join() + cache.get("alpha", () => 0);
}
