// label: race emitter.listeners
// why: one task registers a listener while another emits, iterating the same listener array with no lock.
import { spawn } from "interleave";

class Emitter {
  listeners: Array<(n: number) => void> = [];
  on(fn: (n: number) => void) { this.listeners.push(fn); }
  emit(n: number) { for (const fn of this.listeners) fn(n); }
}

export default function main() {
  const emitter = new Emitter();
  let seen = 0;
  emitter.on((n) => { seen += n; });
  const t = spawn(() => emitter.on((n) => { seen -= n; }));
  emitter.emit(1);
  t.join();
  return seen;
}
