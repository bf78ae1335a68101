// label: race counter
// why: both closures made by the factory add to the same module variable with no lock.
import { spawn } from "interleave";

let counter = 0;

export default function main() {
  const make = (n: number) => () => { counter += n; };
  const a = spawn(make(1));
  const b = spawn(make(2));
  a.join();
  b.join();
  return counter;
}
