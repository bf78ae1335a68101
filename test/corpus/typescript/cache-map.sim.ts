// label: race cache
// why: two tasks miss the same key and both set it; the Map's get and set are not under any lock.
import { spawn } from "interleave";

const cache = new Map<string, number>();
let computed = 0;

function lookup(key: string): number {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const v = key.length * 10;
  cache.set(key, v);
  return v;
}

export default function main() {
  const a = spawn(() => lookup("alpha"));
  const b = spawn(() => lookup("alpha"));
  a.join();
  b.join();
  return computed;
}
