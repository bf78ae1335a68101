// label: no race
// why: each call of the factory makes its own counter; each task gets its own closure and so its own variable.
import { spawn } from "interleave";

function makeTicker() {
  let ticks = 0;
  return () => { ticks++; return ticks; };
}

export default function main() {
  const a = spawn(() => { const t = makeTicker(); t(); return t(); });
  const b = spawn(() => { const t = makeTicker(); return t(); });
  return a.join() + b.join();
}
