// label: race hits
// why: the function in the let is replaced before the tasks start; whichever runs, both tasks bump hits with no lock.
import { spawn } from "interleave";

let hits = 0;

export default function main() {
  let handler = () => { hits += 1; };
  handler = () => { hits += 2; };
  const a = spawn(handler);
  const b = spawn(handler);
  a.join();
  b.join();
  return hits;
}
