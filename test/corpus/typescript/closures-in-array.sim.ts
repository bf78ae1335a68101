// label: race x
// why: the closures kept in an array are each spawned; both increment x with no lock.
import { spawn } from 'interleave';
let x = 0;
export default function main() {
  const jobs = [() => { x++; }, () => { x++; }];
  const ts = jobs.map((j) => spawn(j));
  ts.forEach((t) => t.join());
}
