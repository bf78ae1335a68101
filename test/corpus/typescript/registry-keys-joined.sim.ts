// label: no race
// why: two plugins each register their own new key (the order changes nothing); main lists the keys after joining both.
import { spawn } from "interleave";

export default function main() {
  const registry: Record<string, () => number> = { core: () => 1 };
  const a = spawn(() => { registry.alpha = () => 2; });
  const b = spawn(() => { registry.beta = () => 3; });
  a.join();
  b.join();
  return Object.keys(registry).length;
}
