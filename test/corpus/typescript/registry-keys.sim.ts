// label: race registry
// why: main lists the registry's keys while a plugin task registers a new key, so the list depends on the schedule.
import { spawn } from "interleave";

export default function main() {
  const registry: Record<string, () => number> = { core: () => 1 };
  const plugin = spawn(() => { registry.extra = () => 2; });
  const names = Reflect.ownKeys(registry).length;
  plugin.join();
  return names;
}
