// label: no race
// why: main waits for the worker's reply before touching x again, so the closure's increment happens before main's.
import { spawn, Chan } from "interleave";

export default function main() {
  let x = 0;
  const work = new Chan<() => void>();
  const done = new Chan<boolean>();
  spawn(() => { const job = work.recv(); job(); done.send(true); });
  work.send(() => { x++; });
  done.recv();
  x++;
  return x;
}
