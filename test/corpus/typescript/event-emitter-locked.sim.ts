// label: no race
// why: listeners are registered before any task starts; the handler's counter is guarded by a mutex.
import { spawn, Mutex } from "interleave";

class Emitter {
  private listeners: Array<(n: number) => void> = [];
  on(fn: (n: number) => void) { this.listeners.push(fn); }
  emit(n: number) { this.listeners.forEach((fn) => fn(n)); }
}

export default function main() {
  const emitter = new Emitter();
  const mu = new Mutex();
  let total = 0;
  emitter.on((n) => { mu.lock(); total += n; mu.unlock(); });
  const a = spawn(() => emitter.emit(1));
  const b = spawn(() => emitter.emit(2));
  a.join();
  b.join();
  return total;
}
