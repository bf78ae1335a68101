// @interleave runtime=threads
// Token ring (after the shape of SCTBench's token_ring; our own code).
// Three stations each copy the token from the station before them; the source puts the
// token in. Bug (assertion): the monitor reads station 1 and then station 3 and expects
// station 3 never to be ahead of station 1. That holds only if it reads them the other
// way round: the token can travel the whole ring between its two reads.
import { spawn, assert } from "interleave";

export default function main() {
  let source = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const monitor = () => {
    const first = s1;
    const last = s3;
    assert(last <= first, `station 3 has token ${last} but station 1 had ${first}`);
  };
  const tasks = [
    spawn(monitor),
    spawn(() => { source = 1; }),
    spawn(() => { s1 = source; }),
    spawn(() => { s2 = s1; }),
    spawn(() => { s3 = s2; }),
  ];
  for (const t of tasks) t.join();
}
