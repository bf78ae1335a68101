// label: no race
// why: the reader and the reloader hold the same lock around their accesses to the config.
import { spawn, Mutex } from "interleave";

interface Limits { max: number }
interface Config { limits: Limits; current(): Limits }

export default function main() {
  const mu = new Mutex();
  const config: Config | undefined = { limits: { max: 10 }, current() { return this.limits; } };
  const reloader = spawn(() => { mu.lock(); config.limits = { max: 20 }; mu.unlock(); });
  mu.lock();
  const max = config?.current().max ?? 0;
  mu.unlock();
  reloader.join();
  return max;
}
