// label: no race
// why: readers hold the read lock, the writer the write lock; the Map is touched only under one of them.
import { spawn, RWMutex } from "interleave";

class Config {
  private mu = new RWMutex();
  private values = new Map<string, string>([["mode", "fast"]]);
  read(key: string): string | undefined {
    this.mu.rlock();
    const v = this.values.get(key);
    this.mu.runlock();
    return v;
  }
  write(key: string, value: string) {
    this.mu.lock();
    this.values.set(key, value);
    this.mu.unlock();
  }
}

export default function main() {
  const cfg = new Config();
  const r1 = spawn(() => cfg.read("mode"));
  const r2 = spawn(() => cfg.read("mode"));
  const w = spawn(() => cfg.write("mode", "safe"));
  r1.join();
  r2.join();
  w.join();
  return cfg.read("mode");
}
