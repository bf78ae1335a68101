// label: race config
// why: the worker reads config?.limits.max while the reloader replaces config.limits with no lock.
import { spawn } from "interleave";

interface Limits { max: number }
interface Config { limits: Limits }

export default function main() {
  const config: Config | undefined = { limits: { max: 10 } };
  const reloader = spawn(() => { config.limits = { max: 20 }; });
  const max = config?.limits.max ?? 0;
  reloader.join();
  return max;
}
