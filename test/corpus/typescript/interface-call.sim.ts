// label: race store.n
// why: calls through an interface type reach the class's method, which updates a field without a lock.
import { spawn } from "interleave";

interface Store { add(k: number): void; }

class MemStore implements Store {
  n = 0;
  add(k: number) { this.n += k; }
}

function fill(s: Store) { s.add(1); }

export default function main() {
  const store = new MemStore();
  const a = spawn(() => fill(store));
  const b = spawn(() => fill(store));
  a.join();
  b.join();
  return store.n;
}
